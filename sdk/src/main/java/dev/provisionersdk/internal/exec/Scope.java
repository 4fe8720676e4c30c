package dev.provisionersdk.internal.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A group of threads and processes of a run that is stopped together: the run itself, a handler or
 * task attempt, a cleanup. Its path, e.g. {@code r.s1.s2}, marks the processes started in it and
 * below it ({@code r.s1.s2.p3} for a command); a segment {@code c…} is a cleanup, which termination
 * spares.
 *
 * <p>Thread-safe.
 */
final class Scope {
  private final Scope parent;
  private final String name;
  private final String path;
  private final boolean survivesTermination;
  private final RunProcesses run;
  private final AtomicLong sequence;
  private final Set<Process> processes = ConcurrentHashMap.newKeySet();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final Set<Scope> children = ConcurrentHashMap.newKeySet();
  private final AtomicInteger pendingCleanups = new AtomicInteger();
  private volatile boolean cancelled;

  private Scope(
      Scope parent,
      String name,
      String path,
      boolean survivesTermination,
      RunProcesses run,
      AtomicLong sequence) {
    this.parent = parent;
    this.name = name;
    this.path = path;
    this.survivesTermination = survivesTermination;
    this.run = run;
    this.sequence = sequence;
  }

  /**
   * Creates the root scope of a run.
   *
   * @param run the run's processes
   * @return the scope named {@code run}, path {@code r}
   */
  static Scope root(RunProcesses run) {
    return new Scope(null, "run", "r", false, run, new AtomicLong());
  }

  /**
   * Creates a scope below this one.
   *
   * @param name the attempt's or cleanup's name
   * @param cleanup whether it is a cleanup, which termination spares
   * @return the scope, attached until {@link #detach}
   */
  Scope child(String name, boolean cleanup) {
    Scope child =
        new Scope(
            this,
            name,
            path + (cleanup ? ".c" : ".s") + sequence.incrementAndGet(),
            cleanup,
            run,
            sequence);
    children.add(child);
    return child;
  }

  /**
   * Detaches a child whose attempt has ended.
   *
   * @param child the child
   */
  void detach(Scope child) {
    children.remove(child);
  }

  String name() {
    return name;
  }

  /**
   * Returns whether this scope or one around it was stopped; a cleanup scope is not stopped by
   * termination of the scopes around it.
   *
   * @return {@code true} when work in it must stop
   */
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

  /**
   * Returns whether a process marked with {@code mark} was started in this scope or below it.
   *
   * @param mark the value of the run's marking variable in the process's environment
   * @return {@code true} when it belongs here
   */
  boolean owns(String mark) {
    return mark.equals(path) || mark.startsWith(path + ".");
  }

  /**
   * Returns the mark for a command about to start in this scope.
   *
   * @return the name and value of the environment variable the command gets
   */
  Map.Entry<String, String> newCommandMark() {
    return Map.entry(run.variable(), path + ".p" + sequence.incrementAndGet());
  }

  void add(Thread thread) {
    threads.add(thread);
  }

  void add(Process process) {
    processes.add(process);
    run.started(process);
  }

  void remove(Process process) {
    processes.remove(process);
    run.ended(process);
  }

  /**
   * Interrupts the scope's threads and collects its running commands, children included; on
   * termination, cleanup scopes are spared.
   *
   * @param running receives the commands' processes
   * @param termination whether the whole run is terminated
   */
  void cancel(List<ProcessHandle> running, boolean termination) {
    if (termination && survivesTermination) {
      return;
    }
    cancelled = true;
    threads.forEach(Thread::interrupt);
    for (Process process : processes) {
      running.add(process.toHandle());
    }
    children.forEach(child -> child.cancel(running, termination));
  }

  /**
   * Marks a cleanup as pending in this scope and the ones around it until the returned action runs.
   *
   * @return the action that ends the pending state; call it once
   */
  Runnable cleanupPending() {
    List<Scope> chain = new ArrayList<>();
    for (Scope scope = this; scope != null; scope = scope.parent) {
      scope.pendingCleanups.incrementAndGet();
      chain.add(scope);
    }
    return () -> {
      for (Scope scope : chain) {
        if (scope.pendingCleanups.decrementAndGet() == 0) {
          synchronized (scope) {
            scope.notifyAll();
          }
        }
      }
    };
  }

  /**
   * Waits until no cleanup is pending in this scope or below it, or the deadline passes. Keeps
   * waiting when interrupted (termination interrupts worker threads), and keeps the interrupt.
   *
   * @param deadline a {@link System#nanoTime()}
   */
  void awaitCleanups(long deadline) {
    boolean interrupted = false;
    synchronized (this) {
      while (pendingCleanups.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
