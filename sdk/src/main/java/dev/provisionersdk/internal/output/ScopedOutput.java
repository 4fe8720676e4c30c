package dev.provisionersdk.internal.output;

import dev.provisionersdk.internal.redact.RedactingOutputStream;
import dev.provisionersdk.internal.redact.Redactor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * One run's output into streams the caller passes (the test kit's in-process runs): masking streams
 * over them become {@code System.out} and {@code System.err}, JUL's console handlers write to them,
 * and exceptions that escape any thread print through them, for the run only; {@link #close()} puts
 * everything back. The process's file descriptors are left alone, so children that inherit them and
 * native code are not masked here.
 *
 * <p>Callers serialise runs: {@code System.out} is process-wide.
 */
public final class ScopedOutput implements RunOutput {
  private final Redactor redactor = new Redactor();
  private final RedactingOutputStream outBytes;
  private final RedactingOutputStream errBytes;
  private final PrintStream out;
  private final PrintStream err;
  private final PrintStream previousOut;
  private final PrintStream previousErr;
  private final Thread.UncaughtExceptionHandler previousHandler;
  private final Runnable restoreJul;

  private ScopedOutput(PrintStream target, PrintStream targetErr) {
    outBytes = new RedactingOutputStream(target, redactor);
    errBytes = new RedactingOutputStream(targetErr, redactor);
    out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    previousOut = System.out;
    previousErr = System.err;
    previousHandler = Thread.getDefaultUncaughtExceptionHandler();
    System.setOut(out);
    System.setErr(err);
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, failure) -> Uncaught.print(thread, failure, err));
    restoreJul = JulConsole.rebind();
  }

  /**
   * Installs masking streams over {@code out} and {@code err} until {@link #close()}.
   *
   * @param out where standard output goes
   * @param err where standard error goes
   * @return the run's output
   */
  public static ScopedOutput install(PrintStream out, PrintStream err) {
    return new ScopedOutput(Objects.requireNonNull(out, "out"), Objects.requireNonNull(err, "err"));
  }

  @Override
  public Redactor redactor() {
    return redactor;
  }

  @Override
  public PrintStream out() {
    return out;
  }

  @Override
  public PrintStream err() {
    return err;
  }

  @Override
  public void beforeHandler() {
    // Nothing to wait for: the streams are in place.
  }

  @Override
  public void holdExitUntil(CountDownLatch finished, Supplier<Duration> bound) {
    // The caller's streams are flushed by close(), which the run reaches before it finishes.
  }

  /** Flushes and writes out everything held, then puts back the previous streams and handlers. */
  @Override
  public void close() {
    out.flush();
    err.flush();
    try {
      outBytes.release();
      errBytes.release();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the provisioner's output", e);
    } finally {
      restoreJul.run();
      Thread.setDefaultUncaughtExceptionHandler(previousHandler);
      System.setOut(previousOut);
      System.setErr(previousErr);
    }
  }
}
