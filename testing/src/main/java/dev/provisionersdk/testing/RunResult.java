package dev.provisionersdk.testing;

import java.util.List;
import java.util.Objects;

/**
 * What one whole run of a provisioner produced: its exit code and everything it wrote, as the
 * platform would see it (masked).
 *
 * <p>Immutable and thread-safe.
 */
public final class RunResult {
  private final int exitCode;
  private final String stdout;
  private final String stderr;
  private final List<String> secretValues;

  RunResult(int exitCode, String stdout, String stderr, List<String> secretValues) {
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderr = stderr;
    this.secretValues = List.copyOf(secretValues);
  }

  /**
   * Creates the result of a run made outside {@link TestRunner}, e.g. the packaged jar run as a
   * process, so that {@link RunResultAssert} can check it.
   *
   * @param exitCode the process's exit code
   * @param stdout everything it wrote to standard output
   * @param stderr everything it wrote to standard error
   * @param secretValues the secret values it knew, for {@link RunResultAssert#leaksNoSecrets()}
   * @return the result
   */
  public static RunResult of(
      int exitCode, String stdout, String stderr, List<String> secretValues) {
    return new RunResult(
        exitCode,
        Objects.requireNonNull(stdout, "stdout"),
        Objects.requireNonNull(stderr, "stderr"),
        secretValues);
  }

  /**
   * Returns the exit code.
   *
   * @return what the provisioner's {@code main} would pass to {@code System.exit}
   */
  public int exitCode() {
    return exitCode;
  }

  /**
   * Returns everything written to standard output.
   *
   * @return the text, UTF-8 decoded
   */
  public String stdout() {
    return stdout;
  }

  /**
   * Returns everything written to standard error, where SLF4J's simple logger writes.
   *
   * @return the text, UTF-8 decoded
   */
  public String stderr() {
    return stderr;
  }

  /**
   * Returns the log lines: standard error split into lines (SLF4J's simple logger, the runtime's
   * own messages and stack traces all go there).
   *
   * @return the lines, without line terminators
   */
  public List<String> logLines() {
    return stderr.lines().toList();
  }

  /**
   * Returns the secret values the run knew about, for {@link RunResultAssert#leaksNoSecrets()}.
   *
   * @return the values of {@code secrets.json} and {@code MASSDRIVER_TOKEN}
   */
  public List<String> secretValues() {
    return secretValues;
  }

  /** Shows the exit code and output, which is already masked. */
  @Override
  public String toString() {
    return "RunResult[exitCode="
        + exitCode
        + "]\n--- stdout ---\n"
        + stdout
        + "--- stderr ---\n"
        + stderr;
  }
}
