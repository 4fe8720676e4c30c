package dev.provisionersdk.internal.output;

import java.io.PrintStream;

/** Prints a thread's uncaught exception the way the JVM does. Stateless. */
final class Uncaught {
  private Uncaught() {}

  static void print(Thread thread, Throwable failure, PrintStream err) {
    synchronized (err) {
      err.print("Exception in thread \"" + thread.getName() + "\" ");
      failure.printStackTrace(err);
    }
  }
}
