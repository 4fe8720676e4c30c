package dev.provisionersdk.internal.exec;

import dev.provisionersdk.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Owns the threads and processes of one provisioner run, grouped in nested scopes (the handler,
 * each task, each cleanup), so a timeout stops exactly the work it covers and termination stops
 * everything.
 *
 * <p>Each attempt runs on its own daemon thread while the caller waits with a deadline: a timeout
 * is enforced even when the work ignores interruption, and a stuck thread cannot keep the JVM
 * alive. Thread-safe.
 */
public final class Supervisor {
  private final Map<Thread, Scope> scopesByThread = new ConcurrentHashMap<>();
  private final Scope root = new Scope(null, "run", false);
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private volatile boolean terminating;
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

  /** A group of threads and processes that is stopped together. */
  final class Scope {
    private final Scope parent;
    private final String name;
    private final boolean survivesTermination;
    private final Set<Process> processes = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Set<Scope> children = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    private Scope(Scope parent, String name, boolean survivesTermination) {
      this.parent = parent;
      this.name = name;
      this.survivesTermination = survivesTermination;
    }

    String name() {
      return name;
    }

    boolean isCancelled() {
      for (Scope scope = this; scope != null; scope = scope.parent) {
        if (scope.cancelled) {
          return true;
        }
        if (scope.survivesTermination) {
          return false;
        }
      }
      return false;
    }

    void add(Process process) {
      processes.add(process);
    }

    void remove(Process process) {
      processes.remove(process);
    }

    /** Interrupts the scope's threads and collects its live processes, children included. */
    private void cancel(List<ProcessHandle> toStop, boolean termination) {
      if (termination && survivesTermination) {
        return;
      }
      cancelled = true;
      threads.forEach(Thread::interrupt);
      for (Process process : processes) {
        if (process.isAlive()) {
          toStop.add(process.toHandle());
        }
      }
      children.forEach(child -> child.cancel(toStop, termination));
    }
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
   * Terminates the run: wakes every waiting attempt, interrupts every worker thread and stops every
   * process tree (SIGTERM, then SIGKILL after the grace period). Cleanup scopes are spared. Blocks
   * until the processes are stopped.
   */
  public void terminate() {
    // Order matters: flag first (no retry starts), then record every live process while the
    // scopes are still attached, and only then wake the waiting attempts, which detach them.
    terminating = true;
    List<ProcessHandle> toStop = new ArrayList<>();
    root.cancel(toStop, true);
    termination.complete(null);
    ProcessTree.stop(toStop, gracePeriod);
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
   * Runs cleanup work that must still run after termination, with its own deadline.
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
    Scope scope = new Scope(parent, name, isCleanup);
    parent.children.add(scope);
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
    scope.threads.add(worker);
    worker.start();
    try {
      CompletableFuture<?> first = isCleanup ? done : CompletableFuture.anyOf(done, termination);
      try {
        if (timeout.isZero()) {
          first.get();
        } else {
          first.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
      } catch (ExecutionException e) {
        // The work failed; decided below, because termination also makes work fail.
      }
      if (done.isDone() && !done.isCompletedExceptionally()) {
        return;
      }
      if (!isCleanup && isTerminated()) {
        throw Interruption.terminated(name);
      }
      try {
        done.join();
      } catch (CompletionException e) {
        throw rethrowable(e.getCause());
      }
    } catch (TimeoutException e) {
      List<ProcessHandle> toStop = new ArrayList<>();
      scope.cancel(toStop, false);
      ProcessTree.stop(toStop, processGrace);
      throw Interruption.timeout(name, timeout);
    } catch (InterruptedException e) {
      // The waiting thread itself was stopped (an enclosing timeout or termination).
      List<ProcessHandle> toStop = new ArrayList<>();
      scope.cancel(toStop, false);
      ProcessTree.stop(toStop, processGrace);
      Thread.currentThread().interrupt();
      throw isTerminated() ? Interruption.terminated(name) : Interruption.timeout(name, timeout);
    } catch (CancellationException e) {
      throw Interruption.terminated(name);
    } finally {
      parent.children.remove(scope);
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
      termination.get(duration.toNanos(), TimeUnit.NANOSECONDS);
      throw Interruption.terminated(what);
    } catch (TimeoutException e) {
      if (currentScope().isCancelled()) {
        throw Interruption.terminated(what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw isTerminated() ? Interruption.terminated(what) : Interruption.timeout(what, duration);
    } catch (ExecutionException e) {
      throw new IllegalStateException("termination future cannot fail", e);
    }
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
