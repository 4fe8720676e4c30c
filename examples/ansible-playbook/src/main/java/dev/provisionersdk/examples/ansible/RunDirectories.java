package dev.provisionersdk.examples.ansible;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The private directories of the runs in progress, so the provisioner's cleanup can remove them
 * when a run is stopped.
 *
 * <p>A handler removes its directory itself when it returns or fails. When the run is stopped by
 * SIGTERM or by the handler's timeout, the SDK stops waiting for the handler's thread, and the JVM
 * may exit before that thread gets to its {@code finally}; the cleanup ({@code Controls.onError}),
 * which the SDK does wait for, removes the directories then.
 *
 * <p>Thread-safe.
 */
final class RunDirectories {
  private final Set<RunDirectory> open = ConcurrentHashMap.newKeySet();

  /**
   * Creates a run's private directory and tracks it until it is closed.
   *
   * @return the directory
   * @throws IOException when it cannot be created
   */
  RunDirectory create() throws IOException {
    return RunDirectory.create(open);
  }

  /** Removes every directory still open. */
  void closeAll() {
    for (RunDirectory directory : List.copyOf(open)) {
      directory.close();
    }
  }
}
