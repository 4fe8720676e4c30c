package dev.provisionersdk.internal.exec;

import dev.provisionersdk.internal.os.Posix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of one run: marks every process it starts, and finds and stops them and everything
 * they started, however they forked.
 *
 * <p><b>Marking.</b> Each command is started with the variable {@code PROVISIONER_SDK_SCOPE_<run
 * id>} in its environment, whose value names the scope that started it (the handler, a task, a
 * cleanup, the command). Every process it starts inherits the variable, including double-forked
 * daemons and processes in their own session, which leave the process tree. On Linux, {@code
 * /proc/<pid>/environ} shows it for any process of the same user.
 *
 * <p><b>Stopping.</b> Found by the mark, by the JDK's process tree of the commands still running,
 * and (for the whole run, when the JVM is PID 1) as any descendant of the JVM: SIGTERM, a grace
 * period, SIGKILL to whatever is left; the table is searched again while they shut down, so a
 * process started meanwhile is stopped too. A zombie counts as gone, so the grace period is never
 * waited out for a process that has already exited.
 *
 * <p><b>Reaping.</b> When the JVM is PID 1, orphans are re-parented to it and stay zombies until it
 * reaps them. Through the SDK's native calls ({@link Posix}) it reaps a zombie child when it
 * carried the run's mark or was found below a command, and was not started by the JDK itself (the
 * JDK reaps those, and would report exit code 0 for a child reaped under it). Where the native
 * calls are out of reach, such zombies stay until the JVM exits; they hold no resources but a
 * process-table entry.
 *
 * <p>Thread-safe: several stops may run at once (a timeout and a SIGTERM); signals are idempotent.
 */
final class RunProcesses {
  private static final Logger LOG = LoggerFactory.getLogger("dev.provisionersdk");

  /** The start of the marking variable's name; the run's id completes it. */
  static final String VARIABLE_PREFIX = "PROVISIONER_SDK_SCOPE_";

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final long RESCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** How long processes get to disappear after SIGKILL, which they cannot ignore. */
  private static final long KILL_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final String variable;
  private final long self = ProcessHandle.current().pid();
  private final boolean procfs = ProcessTable.available();
  private final Set<Long> startedByJdk = ConcurrentHashMap.newKeySet();
  private final Set<Process> running = ConcurrentHashMap.newKeySet();
  private volatile Optional<Posix> posix;

  /**
   * Creates the registry of one run.
   *
   * @param runId letters and digits that tell this run's processes from any other's
   */
  RunProcesses(String runId) {
    this.variable = VARIABLE_PREFIX + runId;
  }

  /**
   * Returns the marking variable's name.
   *
   * @return {@code PROVISIONER_SDK_SCOPE_<run id>}
   */
  String variable() {
    return variable;
  }

  /**
   * Returns whether the JVM is PID 1, so that every process of its PID namespace (the container) is
   * one the provisioner started.
   *
   * @return {@code true} in a container whose entry point execs {@code java}
   */
  boolean ownsEveryDescendant() {
    return self == 1;
  }

  /**
   * Records a process the JDK started for the run; the JDK reaps it, never this class.
   *
   * @param process the process
   */
  void started(Process process) {
    startedByJdk.add(process.pid());
    running.add(process);
  }

  /**
   * Forgets a process the run no longer waits for.
   *
   * @param process the process
   */
  void ended(Process process) {
    running.remove(process);
  }

  /**
   * Returns whether there can be anything to stop at the end of the run: a command was started, or
   * the JVM is PID 1 and owns every process of the container. Spares a run that started nothing the
   * search of the process table.
   *
   * @return {@code false} when nothing can be left
   */
  boolean anythingToStop() {
    return !startedByJdk.isEmpty() || ownsEveryDescendant();
  }

  /**
   * Returns the processes the run started that it still waits for.
   *
   * @return their handles
   */
  List<ProcessHandle> running() {
    List<ProcessHandle> handles = new ArrayList<>();
    for (Process process : running) {
      handles.add(process.toHandle());
    }
    return handles;
  }

  /** What one stop found and did. */
  record Outcome(int found, int killed) {}

  /**
   * Stops processes and everything they started: SIGTERM, then SIGKILL at the deadline to whatever
   * is left. Blocks until they are gone (SIGKILL cannot be ignored: half a second at most after the
   * deadline). Runs to the end on an interrupted thread and keeps the interrupt.
   *
   * @param what what is being stopped, for the log; {@code null} to log only SIGKILL
   * @param scopes which values of the marking variable to stop
   * @param roots processes whose trees to stop as well (commands still running)
   * @param everyDescendant also stop every descendant of the JVM
   * @param deadline {@link System#nanoTime()} at which SIGKILL follows
   * @return how many processes were found, and how many needed SIGKILL
   */
  Outcome stop(
      String what,
      Predicate<String> scopes,
      Collection<ProcessHandle> roots,
      boolean everyDescendant,
      long deadline) {
    Stop stop = new Stop(scopes, roots, everyDescendant);
    boolean interrupted = Thread.interrupted();
    try {
      return stop.run(what, deadline);
    } finally {
      if (interrupted || stop.interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A process found for a stop. */
  private static final class Member {
    final ProcessHandle handle;
    final long startTicks;
    final boolean reapable;
    boolean exited;
    boolean killed;

    Member(ProcessHandle handle, long startTicks, boolean reapable) {
      this.handle = handle;
      this.startTicks = startTicks;
      this.reapable = reapable;
    }
  }

  /** One stop: what it looks for, what it found, and whether its thread was interrupted. */
  private final class Stop {
    private final Predicate<String> scopes;
    private final Collection<ProcessHandle> roots;
    private final boolean everyDescendant;
    private final Map<Long, Member> found = new LinkedHashMap<>();
    boolean interrupted;

    Stop(Predicate<String> scopes, Collection<ProcessHandle> roots, boolean everyDescendant) {
      this.scopes = scopes;
      this.roots = roots;
      this.everyDescendant = everyDescendant;
    }

    Outcome run(String what, long deadline) {
      long start = System.nanoTime();
      if (find(false) == 0) {
        return new Outcome(0, 0);
      }
      if (what != null) {
        LOG.info(
            "{}: stopping {} process(es): SIGTERM, SIGKILL after {}",
            what,
            found.size(),
            Durations.format(Duration.ofNanos(Math.max(0, deadline - start))));
      }
      long nextScan = start + RESCAN_NANOS;
      while (true) {
        long now = System.nanoTime();
        if (allExited()) {
          // Something may have started a process just before it exited.
          if (find(false) == 0) {
            break;
          }
        } else if (now - deadline >= 0) {
          break;
        } else {
          pause(Math.min(POLL_NANOS, deadline - now));
          if (System.nanoTime() - nextScan >= 0) {
            find(false);
            nextScan = System.nanoTime() + RESCAN_NANOS;
          }
        }
      }
      int killed = kill();
      if (killed > 0) {
        LOG.warn(
            "{}: {} process(es) still ran at the end of the grace period: sent SIGKILL",
            what == null ? "SIGTERM" : what,
            killed);
      }
      return new Outcome(found.size(), killed);
    }

    /** SIGKILL to every process left, and to any found meanwhile, until none is left. */
    private int kill() {
      int killed = 0;
      long giveUp = System.nanoTime() + KILL_WAIT_NANOS;
      while (true) {
        killed += find(true);
        List<Member> alive = new ArrayList<>();
        for (Member member : found.values()) {
          if (!exited(member)) {
            alive.add(member);
          }
        }
        if (alive.isEmpty()) {
          return killed;
        }
        for (Member member : alive) {
          if (!member.killed) {
            member.handle.destroyForcibly();
            member.killed = true;
            killed++;
          }
        }
        if (System.nanoTime() - giveUp >= 0) {
          LOG.warn(
              "{} process(es) did not exit after SIGKILL (uninterruptible sleep?); not waiting",
              alive.size());
          return killed;
        }
        pause(POLL_NANOS);
      }
    }

    /**
     * Adds the live processes not found before and sends each SIGTERM, or SIGKILL; returns how many
     * were signalled.
     */
    private int find(boolean kill) {
      List<Member> fresh = new ArrayList<>();
      if (procfs) {
        for (long pid : ProcessTable.pids()) {
          if (pid != self && !found.containsKey(pid)) {
            Optional<String> scope = ProcessTable.environmentValue(pid, variable);
            if (scope.isPresent() && scopes.test(scope.get())) {
              add(fresh, pid, !startedByJdk.contains(pid));
            }
          }
        }
      }
      for (ProcessHandle root : roots) {
        add(fresh, root.pid(), false);
        root.descendants()
            .forEach(child -> add(fresh, child.pid(), !startedByJdk.contains(child.pid())));
      }
      if (everyDescendant) {
        ProcessHandle.current().descendants().forEach(child -> add(fresh, child.pid(), false));
      }
      int signalled = 0;
      for (Member member : fresh) {
        if (!exited(member)) {
          if (kill) {
            member.handle.destroyForcibly();
            member.killed = true;
          } else {
            member.handle.destroy();
          }
          signalled++;
        }
      }
      return signalled;
    }

    private void add(List<Member> fresh, long pid, boolean reapable) {
      if (pid == self || found.containsKey(pid)) {
        return;
      }
      Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      if (handle.isEmpty()) {
        return;
      }
      long startTicks = -1;
      if (procfs) {
        Optional<ProcessTable.Stat> stat = ProcessTable.stat(pid);
        if (stat.isEmpty()) {
          return;
        }
        startTicks = stat.get().startTicks();
      }
      Member member = new Member(handle.get(), startTicks, reapable);
      found.put(pid, member);
      fresh.add(member);
    }

    private boolean allExited() {
      for (Member member : found.values()) {
        if (!exited(member)) {
          return false;
        }
      }
      return true;
    }

    private void pause(long nanos) {
      try {
        TimeUnit.NANOSECONDS.sleep(Math.max(1, nanos));
      } catch (InterruptedException e) {
        // Keep stopping: a half-stopped tree is worse than a late interrupt (kept for the end).
        interrupted = true;
      }
    }
  }

  /** Gone, a zombie, or its id now names another process; reaps an adopted zombie. */
  private boolean exited(Member member) {
    if (member.exited) {
      return true;
    }
    if (!procfs) {
      member.exited = !member.handle.isAlive();
      return member.exited;
    }
    Optional<ProcessTable.Stat> stat = ProcessTable.stat(member.handle.pid());
    if (stat.isEmpty() || stat.get().startTicks() != member.startTicks) {
      member.exited = true;
    } else if (stat.get().exited()) {
      member.exited = true;
      // Checked again now: a command found in the instant between its start and its recording.
      if (member.reapable
          && stat.get().parent() == self
          && !startedByJdk.contains(member.handle.pid())) {
        reap(member.handle.pid());
      }
    }
    return member.exited;
  }

  /**
   * Reaps a zombie child the JVM adopted (it is PID 1, and the zombie's parent died first). Only
   * for processes the JDK did not start, checked by the caller.
   */
  private void reap(long pid) {
    Optional<Posix> native_ = posix;
    if (native_ == null) {
      native_ = Posix.load();
      posix = native_;
    }
    native_.ifPresent(calls -> calls.reapIfExited(pid));
  }
}
