package dev.provisionersdk;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Command} ended: its exit code, its captured standard output (with {@link
 * Command#captureStdout()}), the last lines of its standard error, and how long it ran.
 *
 * <p>Immutable and thread-safe. {@link #toString()} leaves the output out: it may hold secrets.
 */
public final class CommandResult {
  private final int exitCode;
  private final String stdout;
  private final String stderrTail;
  private final Duration duration;

  private CommandResult(int exitCode, String stdout, String stderrTail, Duration duration) {
    this.exitCode = exitCode;
    this.stdout = Objects.requireNonNull(stdout, "stdout");
    this.stderrTail = Objects.requireNonNull(stderrTail, "stderrTail");
    this.duration = Objects.requireNonNull(duration, "duration");
  }

  /**
   * Creates a result, e.g. in a scripted {@link CommandRunner} for tests.
   *
   * @param exitCode the exit code
   * @param stdout captured standard output, empty when it was streamed
   * @param stderrTail the last lines of standard error
   * @param duration how long the command ran
   * @return the result
   */
  public static CommandResult of(
      int exitCode, String stdout, String stderrTail, Duration duration) {
    return new CommandResult(exitCode, stdout, stderrTail, duration);
  }

  /**
   * Returns the exit code.
   *
   * @return the code; 128 + n when the process died of signal n
   */
  public int exitCode() {
    return exitCode;
  }

  /**
   * Returns standard output when it was captured. Raw: may hold secrets, do not log it.
   *
   * @return the text (UTF-8), empty when it was streamed
   */
  public String stdout() {
    return stdout;
  }

  /**
   * Returns the last lines of standard error, masked.
   *
   * @return at most about 20 lines
   */
  public String stderrTail() {
    return stderrTail;
  }

  /**
   * Returns how long the command ran.
   *
   * @return the wall time
   */
  public Duration duration() {
    return duration;
  }

  @Override
  public String toString() {
    return "CommandResult[exitCode=" + exitCode + ", duration=" + duration + "]";
  }
}
