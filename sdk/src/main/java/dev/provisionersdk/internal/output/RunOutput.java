package dev.provisionersdk.internal.output;

import dev.provisionersdk.internal.redact.Redactor;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * The masked output of one run, and what happens to the process's streams around it.
 *
 * <p>Implementations are used by one run at a time.
 */
public interface RunOutput extends AutoCloseable {
  /**
   * Returns the values to mask; the run registers its secrets here.
   *
   * @return the redactor shared by every masking stream of the run
   */
  Redactor redactor();

  /**
   * Returns the run's standard output, masked.
   *
   * @return the stream
   */
  PrintStream out();

  /**
   * Returns the run's standard error, masked.
   *
   * @return the stream
   */
  PrintStream err();

  /**
   * Called once the inputs are read, before the handler runs: from here on, output that bypasses
   * {@code System.out} (children, native code) must be masked too.
   */
  void beforeHandler();

  /**
   * Makes the final flush at exit wait until the run has finished stopping, for at most a bound, so
   * that what the run prints while it stops (on SIGTERM, {@code System.exit}) is flushed too. The
   * wait holds until the latch is down, also after {@link #close()}.
   *
   * @param finished counted down when the run, and the termination hook if it started, are done
   * @param bound how long to wait at most, read when the process exits
   */
  void holdExitUntil(CountDownLatch finished, Supplier<Duration> bound);

  /** Ends the run: flushes, and puts back whatever the run replaced if it is to be put back. */
  @Override
  void close();
}
