package dev.provisionersdk.internal;

import java.util.Map;
import java.util.Optional;

/**
 * Tells a shutdown that code started with {@code System.exit} (or {@code Runtime.exit}) from one
 * that a signal started, by the stack of the thread that runs the shutdown: it holds {@code
 * Runtime.exit} in the first case and the JVM's signal handler in the second. Both run the shutdown
 * hooks, so the runtime's SIGTERM hook cannot tell them apart otherwise.
 *
 * <p>Stateless; thread-safe.
 */
final class ExitCall {
  private ExitCall() {}

  /**
   * Returns the name of the thread that called {@code System.exit}, if that is why the JVM is
   * shutting down.
   *
   * @return the thread's name; empty when the JVM is not shutting down, or a signal (SIGTERM,
   *     SIGINT) or the end of {@code main} started it
   */
  static Optional<String> caller() {
    for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
      boolean shutdown = false;
      boolean exit = false;
      boolean signal = false;
      for (StackTraceElement frame : thread.getValue()) {
        String type = frame.getClassName();
        if (type.equals("java.lang.Shutdown")) {
          shutdown = true;
        } else if (type.equals("java.lang.Runtime") && frame.getMethodName().equals("exit")) {
          exit = true;
        } else if (type.startsWith("java.lang.Terminator") || type.matches(".*\\.Signal(\\$.*)?")) {
          signal = true;
        }
      }
      if (shutdown && exit && !signal) {
        return Optional.of(thread.getKey().getName());
      }
    }
    return Optional.empty();
  }
}
