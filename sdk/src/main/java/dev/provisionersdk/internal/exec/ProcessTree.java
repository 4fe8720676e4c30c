package dev.provisionersdk.internal.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a process and everything it started: SIGTERM to the whole tree, a grace period, then
 * SIGKILL to whatever is left. The tree is recorded before the first signal, so a grandchild whose
 * parent dies first (and is re-parented away from our tree) is still stopped.
 */
final class ProcessTree {
  private static final long POLL_MILLIS = 50;

  private ProcessTree() {}

  /**
   * Stops the processes and all their descendants.
   *
   * @param roots the processes
   * @param gracePeriod time between SIGTERM and SIGKILL
   */
  static void stop(Collection<ProcessHandle> roots, Duration gracePeriod) {
    // Stopping must finish even on an interrupted thread; the interrupt is restored at the end.
    boolean interrupted = Thread.interrupted();
    try {
      stopTree(roots, gracePeriod);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void stopTree(Collection<ProcessHandle> roots, Duration gracePeriod) {
    Set<ProcessHandle> tree = new LinkedHashSet<>();
    for (ProcessHandle root : roots) {
      collect(root, tree);
    }
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + gracePeriod.toNanos();
    while (System.nanoTime() < deadline && tree.stream().anyMatch(ProcessHandle::isAlive)) {
      // Processes may still fork while they shut down: record and signal the newcomers too.
      for (ProcessHandle handle : new ArrayList<>(tree)) {
        if (handle.isAlive()) {
          handle
              .descendants()
              .forEach(
                  descendant -> {
                    if (tree.add(descendant)) {
                      descendant.destroy();
                    }
                  });
        }
      }
      sleepQuietly(Math.min(POLL_MILLIS, remainingMillis(deadline)));
    }
    List<ProcessHandle> survivors = new ArrayList<>();
    for (ProcessHandle handle : tree) {
      if (handle.isAlive()) {
        handle.destroyForcibly();
        survivors.add(handle);
      }
    }
    for (ProcessHandle survivor : survivors) {
      try {
        survivor.onExit().get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        // SIGKILL cannot be ignored; a process still listed is a zombie its parent will reap.
      }
    }
  }

  private static void collect(ProcessHandle root, Set<ProcessHandle> tree) {
    tree.add(root);
    root.descendants().forEach(tree::add);
  }

  private static long remainingMillis(long deadline) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      // Keep stopping the tree: a half-stopped tree is worse than a late interrupt.
    }
  }
}
