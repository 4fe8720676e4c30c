package dev.provisionersdk.testing;

import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link RunResult}. Failure messages show the run's (masked) output.
 *
 * <pre>{@code
 * assertThat(result).exitedWith(ExitCode.OK).stdoutContains("Planning").leaksNoSecrets();
 * }</pre>
 *
 * <p>Not thread-safe, like every AssertJ assertion.
 */
public final class RunResultAssert extends AbstractAssert<RunResultAssert, RunResult> {

  private RunResultAssert(RunResult actual) {
    super(actual, RunResultAssert.class);
  }

  /**
   * Starts assertions on a run's result.
   *
   * @param actual the result
   * @return the assertion
   */
  public static RunResultAssert assertThat(RunResult actual) {
    return new RunResultAssert(actual);
  }

  /**
   * Checks the exit code.
   *
   * @param expected the expected exit code
   * @return this assertion
   */
  public RunResultAssert exitedWith(int expected) {
    isNotNull();
    if (actual.exitCode() != expected) {
      failWithMessage("expected exit code %d but was %d%n%s", expected, actual.exitCode(), actual);
    }
    return this;
  }

  /**
   * Checks that the run exited with 0.
   *
   * @return this assertion
   */
  public RunResultAssert succeeded() {
    return exitedWith(0);
  }

  /**
   * Checks that standard output contains each text.
   *
   * @param texts the expected fragments
   * @return this assertion
   */
  public RunResultAssert stdoutContains(CharSequence... texts) {
    isNotNull();
    for (CharSequence text : texts) {
      if (!actual.stdout().contains(text)) {
        failWithMessage("expected stdout to contain <%s>%n%s", text, actual);
      }
    }
    return this;
  }

  /**
   * Checks that standard error contains each text.
   *
   * @param texts the expected fragments
   * @return this assertion
   */
  public RunResultAssert stderrContains(CharSequence... texts) {
    isNotNull();
    for (CharSequence text : texts) {
      if (!actual.stderr().contains(text)) {
        failWithMessage("expected stderr to contain <%s>%n%s", text, actual);
      }
    }
    return this;
  }

  /**
   * Checks that standard output contains none of the texts, e.g. that a verbose mode stayed off.
   * For secret values use {@link #leaksNoSecrets()}, which also checks their encodings and never
   * prints them.
   *
   * @param texts the fragments that must not appear
   * @return this assertion
   */
  public RunResultAssert stdoutDoesNotContain(CharSequence... texts) {
    isNotNull();
    for (CharSequence text : texts) {
      if (actual.stdout().contains(text)) {
        failWithMessage("expected stdout not to contain <%s>%n%s", text, actual);
      }
    }
    return this;
  }

  /**
   * Checks that standard error contains none of the texts, e.g. that input errors come without a
   * stack trace ({@code "\tat "}).
   *
   * @param texts the fragments that must not appear
   * @return this assertion
   */
  public RunResultAssert stderrDoesNotContain(CharSequence... texts) {
    isNotNull();
    for (CharSequence text : texts) {
      if (actual.stderr().contains(text)) {
        failWithMessage("expected stderr not to contain <%s>%n%s", text, actual);
      }
    }
    return this;
  }

  /**
   * Checks that no secret value of the run (every value of {@code secrets.json} and {@code
   * MASSDRIVER_TOKEN}) appears in standard output or standard error in any form a tool or a
   * careless author prints it: raw, without its first or last character, JSON-escaped (also
   * HTML-safe as Go and Gson write it, with non-ASCII characters as {@code \}{@code uXXXX}, either
   * hex case), URL-encoded, XML-escaped, shell-quoted ({@code '\''}, {@code shlex.quote}'s {@code
   * '"'"'}, or escaped inside double quotes), base64 (any 16 characters that encode only the
   * secret's bytes, at any offset, either alphabet, also wrapped across lines), any of these inside
   * base64 that decodes to it (either alphabet, padded or not, wrapped across real or JSON-escaped
   * line breaks, behind a label, and base64 inside decoded base64), or, for a multi-line value, any
   * of its lines of 4 characters or more. Values shorter than 4 characters are not checked. The
   * forms are computed here, independently of the SDK's masking, so a gap in the masking fails this
   * check. The failure message names where a value leaked but never prints the value.
   *
   * @return this assertion
   */
  public RunResultAssert leaksNoSecrets() {
    isNotNull();
    Optional<LeakForms.Leak> inStdout = LeakForms.find(actual.secretValues(), actual.stdout());
    if (inStdout.isPresent()) {
      failWithMessage(
          "secret #%d of the run's inputs appears in stdout %s",
          inStdout.get().secret(), inStdout.get().how());
    }
    Optional<LeakForms.Leak> inStderr = LeakForms.find(actual.secretValues(), actual.stderr());
    if (inStderr.isPresent()) {
      failWithMessage(
          "secret #%d of the run's inputs appears in stderr %s",
          inStderr.get().secret(), inStderr.get().how());
    }
    return this;
  }
}
