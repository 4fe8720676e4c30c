package dev.provisionersdk.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One run of an {@link Execution} with its standard output and error captured, for the tests that
 * run the runtime end to end.
 *
 * @param exitCode the run's exit code
 * @param out what it wrote to standard output
 * @param err what it wrote to standard error
 */
public record CapturedRun(int exitCode, String out, String err) {

  /**
   * Runs an execution once.
   *
   * @param execution the runtime
   * @param args the command line
   * @param environment the process environment
   * @return the exit code and both streams
   */
  public static CapturedRun of(
      Execution execution, String[] args, Map<String, String> environment) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        execution.execute(
            args,
            environment,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CapturedRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * Returns both streams.
   *
   * @return standard output, then standard error
   */
  public String all() {
    return out + err;
  }
}
