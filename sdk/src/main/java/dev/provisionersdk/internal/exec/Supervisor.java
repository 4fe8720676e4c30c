package dev.provisionersdk.internal.exec;

import dev.provisionersdk.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the threads and processes of one provisioner run, grouped in nested scopes (the handler,
 * each task, each cleanup, each command), so a timeout stops exactly the work it covers and
 * termination stops everything.
 *
 * <p>Each attempt runs on its own daemon thread while the caller waits with a deadline: a timeout
 * is enforced even when the work ignores interruption, and a stuck thread cannot keep the JVM
 * alive. Processes are found by the scope they were started in, however they forked ({@link
 * RunProcesses}). Thread-safe.
 */
public final class Supervisor {
  private static final Logger LOG = LoggerFactory.getLogger("dev.provisionersdk");

  private final Map<Thread, Scope> scopesByThread = new ConcurrentHashMap<>();
  private final RunProcesses processes =
      new RunProcesses(Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
  private final Scope root = Scope.root(processes);
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private volatile boolean terminating;
  private volatile long terminationDeadline;
  private volatile Duration gracePeriod;

  /**
   * Creates a supervisor.
   *
   * @param gracePeriod time stopped processes get between SIGTERM and SIGKILL on termination
   */
  public Supervisor(Duration gracePeriod) {
    this.gracePeriod = gracePeriod;
  }

  /**
   * Changes the grace period, once the step's config is known.
   *
   * @param gracePeriod time stopped processes get between SIGTERM and SIGKILL on termination
   */
  public void gracePeriod(Duration gracePeriod) {
    this.gracePeriod = gracePeriod;
  }

  /**
   * Returns the scope of the calling thread: the innermost attempt it runs in.
   *
   * @return the scope, the run's root scope outside any attempt
   */
  Scope currentScope() {
    return scopesByThread.getOrDefault(Thread.currentThread(), root);
  }

  /**
   * Returns the grace period for stopping processes on termination.
   *
   * @return the grace period
   */
  public Duration gracePeriod() {
    return gracePeriod;
  }

  /**
   * Returns whether the run has been terminated.
   *
   * @return {@code true} after {@link #terminate()}
   */
  public boolean isTerminated() {
    return terminating;
  }

  /**
   * Returns how much of the grace period that followed termination is left: the cleanup and the
   * stopping of processes must fit in it.
   *
   * @return the time left, zero when it has run out; the grace period before termination
   */
  public Duration timeLeftToStop() {
    if (!terminating) {
      return gracePeriod;
    }
    return Duration.ofNanos(Math.max(0, terminationDeadline - System.nanoTime()));
  }

  /**
   * Terminates the run: wakes every waiting attempt, interrupts every worker thread and stops every
   * process the run started, however it forked (SIGTERM, then SIGKILL when the grace period ends).
   * Cleanup scopes are spared; they have to finish within the grace period. Blocks until the
   * processes are stopped.
   */
  public void terminate() {
    // Order matters: the deadline and the flag first (no retry starts, cleanups know their time),
    // then interrupt the threads, then wake the waiting attempts.
    terminationDeadline = System.nanoTime() + Durations.nanos(gracePeriod);
    terminating = true;
    List<ProcessHandle> running = new ArrayList<>();
    root.cancel(running, true);
    termination.complete(null);
    processes.stop("SIGTERM", notCleanup(), running, false, terminationDeadline);
  }

  /**
   * Ends the run: stops every process it started that is still running, however it forked —
   * background processes a handler did not wait for, a cleanup's after termination, and when the
   * JVM is PID 1 (a container) every process in the container. Blocks until they are gone: at most
   * the grace period, or what is left of it after termination, and half a second.
   */
  public void finish() {
    if (terminating) {
      root.awaitCleanups(terminationDeadline);
    }
    if (!processes.anythingToStop()) {
      return;
    }
    long deadline =
        terminating ? terminationDeadline : System.nanoTime() + Durations.nanos(gracePeriod);
    RunProcesses.Outcome outcome =
        processes.stop(
            // On termination the hook's stop has logged it already.
            terminating ? null : "end of the run",
            mark -> true,
            processes.running(),
            processes.ownsEveryDescendant(),
            deadline);
    if (outcome.found() > 0 && !terminating) {
      LOG.warn(
          "{} process(es) the provisioner started still ran when the run ended and were stopped —"
              + " wait for background processes in the handler if they must finish",
          outcome.found());
    }
  }

  /**
   * Sends SIGKILL at once to every process of the run that is left: the last resort when the JVM
   * must exit now.
   */
  public void killRemaining() {
    if (!processes.anythingToStop()) {
      return;
    }
    processes.stop(
        "exit",
        mark -> true,
        processes.running(),
        processes.ownsEveryDescendant(),
        System.nanoTime());
  }

  /**
   * Stops one command's processes, however they forked: its own tree and everything that carries
   * its mark.
   *
   * @param what the command, for the log
   * @param mark the command's mark
   * @param process the command's process
   * @param grace time between SIGTERM and SIGKILL, cut short by a termination deadline
   */
  void stopCommand(String what, String mark, Process process, Duration grace) {
    processes.stop(
        what,
        value -> value.equals(mark) || value.startsWith(mark + "."),
        List.of(process.toHandle()),
        false,
        deadline(grace));
  }

  /** Now plus the grace period, but never past the deadline termination set. */
  private long deadline(Duration grace) {
    long deadline = System.nanoTime() + Durations.nanos(grace);
    if (terminating && deadline - terminationDeadline > 0) {
      return terminationDeadline;
    }
    return deadline;
  }

  /**
   * Marks a cleanup as pending in the calling thread's scope until the returned action runs: on
   * termination, the scope's attempt and the end of the run wait for it (within the grace period),
   * so cleanups run innermost first and none is cut short by the exit.
   *
   * @return the action that ends the pending state; call it once
   */
  public Runnable cleanupPending() {
    return currentScope().cleanupPending();
  }

  /**
   * Runs one attempt of some work on a new thread in a new scope and waits for it.
   *
   * @param name the work's name, for thread names and messages
   * @param timeout the attempt's timeout; zero for none
   * @param processGrace grace period for the attempt's processes when it times out
   * @param work the work
   * @throws Interruption on timeout or termination
   * @throws Exception whatever the work throws
   */
  public void runAttempt(String name, Duration timeout, Duration processGrace, Task work)
      throws Exception {
    run(name, timeout, processGrace, work, false);
  }

  /**
   * Runs cleanup work that must still run after termination, with its own deadline. It runs even
   * when the calling thread was interrupted by termination.
   *
   * @param name the cleanup's name
   * @param deadline how long it may take
   * @param work the cleanup
   * @throws Interruption when it runs past its deadline
   * @throws Exception whatever the cleanup throws
   */
  public void runCleanup(String name, Duration deadline, Task work) throws Exception {
    run(name, deadline, gracePeriod, work, true);
  }

  private void run(
      String name, Duration timeout, Duration processGrace, Task work, boolean isCleanup)
      throws Exception {
    Scope parent = currentScope();
    if (!isCleanup && (isTerminated() || parent.isCancelled())) {
      throw Interruption.terminated(name);
    }
    // Termination interrupts the thread that goes on to run a cleanup: the cleanup must not see it.
    boolean interruptedBefore = isCleanup && isTerminated() && Thread.interrupted();
    Scope scope = parent.child(name, isCleanup);
    CompletableFuture<Void> done = start(scope, name, work);
    try {
      Waited waited = await(done, isCleanup, Durations.nanos(timeout), timeout.isZero());
      if (waited == Waited.DONE) {
        if (!done.isCompletedExceptionally()) {
          return;
        }
        if (!isCleanup && isTerminated()) {
          // The work failed because termination stopped it.
          throw terminated(scope, name, done);
        }
        try {
          done.join();
        } catch (CompletionException | CancellationException e) {
          throw rethrowable(e.getCause() == null ? e : e.getCause());
        }
        return;
      }
      if (waited == Waited.INTERRUPTED) {
        Thread.currentThread().interrupt();
      }
      if (waited == Waited.TERMINATED || isTerminated() && !isCleanup) {
        // terminate() stops the processes; the work unwinds (its finally blocks) and the cleanups
        // run within the grace period, and only then does this attempt end.
        throw terminated(scope, name, done);
      }
      // Timed out, or the waiting thread itself was stopped (an enclosing timeout).
      List<ProcessHandle> running = new ArrayList<>();
      scope.cancel(running, false);
      long stopDeadline = deadline(processGrace);
      processes.stop(name, scope::owns, running, false, stopDeadline);
      // The stopped work's finally blocks (temporary files, locks) run before the next attempt or
      // the exit, unless it ignores the interrupt past the grace period.
      awaitWorker(done, stopDeadline);
      throw waited == Waited.INTERRUPTED
          ? Interruption.enclosingTimeout(name)
          : Interruption.timeout(name, timeout);
    } finally {
      parent.detach(scope);
      if (interruptedBefore) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Termination of an attempt: its cleanups, already running on its threads, and the stopped work's
   * own unwinding finish first, within the grace period.
   */
  private Interruption terminated(Scope scope, String name, CompletableFuture<Void> done) {
    scope.awaitCleanups(terminationDeadline);
    awaitWorker(done, terminationDeadline);
    return Interruption.terminated(name);
  }

  /** Waits until the work's thread has ended, or the deadline; keeps an interrupt for later. */
  private static void awaitWorker(CompletableFuture<Void> done, long deadline) {
    boolean interrupted = false;
    while (!done.isDone()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        done.get(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException | CancellationException | TimeoutException e) {
        // Ended (how is decided by the caller), or out of time.
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private CompletableFuture<Void> start(Scope scope, String name, Task work) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread worker =
        new Thread(
            () -> {
              scopesByThread.put(Thread.currentThread(), scope);
              try {
                work.run();
                done.complete(null);
              } catch (Throwable failure) {
                done.completeExceptionally(failure);
              } finally {
                scopesByThread.remove(Thread.currentThread());
              }
            },
            "provisioner-" + name);
    worker.setDaemon(true);
    scope.add(worker);
    worker.start();
    return done;
  }

  private enum Waited {
    DONE,
    TERMINATED,
    TIMED_OUT,
    INTERRUPTED
  }

  /**
   * Waits for the work, the timeout or (for work other than cleanup) termination. A cleanup keeps
   * waiting when termination interrupts its thread.
   */
  private Waited await(
      CompletableFuture<Void> done, boolean isCleanup, long timeoutNanos, boolean noTimeout) {
    CompletableFuture<?> first = isCleanup ? done : CompletableFuture.anyOf(done, termination);
    long deadline = System.nanoTime() + timeoutNanos;
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (noTimeout) {
            first.get();
          } else {
            first.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          }
        } catch (ExecutionException | CancellationException e) {
          // The work failed: decided by the caller.
        } catch (TimeoutException e) {
          return Waited.TIMED_OUT;
        } catch (InterruptedException e) {
          if (isCleanup && isTerminated()) {
            interrupted = true;
            continue;
          }
          return Waited.INTERRUPTED;
        }
        return done.isDone() ? Waited.DONE : Waited.TERMINATED;
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Sleeps, waking early and failing when the run is terminated.
   *
   * @param duration how long
   * @param what for the message on termination
   * @throws Interruption when terminated meanwhile
   */
  public void sleep(Duration duration, String what) {
    if (duration.isZero() || duration.isNegative()) {
      return;
    }
    try {
      termination.get(Durations.nanos(duration), TimeUnit.NANOSECONDS);
      throw Interruption.terminated(what);
    } catch (TimeoutException e) {
      if (currentScope().isCancelled()) {
        throw Interruption.terminated(what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw isTerminated() ? Interruption.terminated(what) : Interruption.enclosingTimeout(what);
    } catch (ExecutionException e) {
      throw new IllegalStateException("termination future cannot fail", e);
    }
  }

  /** Which processes termination stops: all but those of cleanups (a "c" segment in the mark). */
  private static Predicate<String> notCleanup() {
    return mark -> !mark.contains(".c");
  }

  private static Exception rethrowable(Throwable failure) {
    if (failure instanceof Exception) {
      return (Exception) failure;
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
    return new IllegalStateException(failure);
  }
}
