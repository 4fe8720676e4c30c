package dev.provisionersdk.testing;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
   * Checks that no line of standard error contains the text, e.g. that input errors come without a
   * stack trace ({@code "\tat "}).
   *
   * @param text the fragment that must not appear
   * @return this assertion
   */
  public RunResultAssert stderrDoesNotContain(CharSequence text) {
    isNotNull();
    if (actual.stderr().contains(text)) {
      failWithMessage("expected stderr not to contain <%s>%n%s", text, actual);
    }
    return this;
  }

  /**
   * Checks that no secret value of the run (every value of {@code secrets.json} and {@code
   * MASSDRIVER_TOKEN}) appears in standard output or standard error: raw, JSON-escaped (as a dump
   * of {@code secrets.json} shows a multi-line value), standard base64 (as a Kubernetes Secret
   * shows it), or, for a multi-line value, any of its lines of 4 characters or more. The forms are
   * computed here, independently of the SDK's masking, so a gap in the masking fails this check.
   * The failure message names where a value leaked but never prints the value.
   *
   * @return this assertion
   */
  public RunResultAssert leaksNoSecrets() {
    isNotNull();
    int index = 0;
    for (String secret : actual.secretValues()) {
      for (String form : leakForms(secret)) {
        if (actual.stdout().contains(form)) {
          failWithMessage("secret #%d of the run's inputs appears in stdout", index);
        }
        if (actual.stderr().contains(form)) {
          failWithMessage("secret #%d of the run's inputs appears in stderr", index);
        }
      }
      index++;
    }
    return this;
  }

  private static List<String> leakForms(String secret) {
    List<String> forms = new ArrayList<>();
    forms.add(secret);
    forms.add(new String(JsonStringEncoder.getInstance().quoteAsString(secret)));
    String base64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
    // Without its last block, which depends on what follows the secret in the encoded text.
    forms.add(base64.substring(0, Math.max(0, base64.length() - 4)));
    if (secret.contains("\n")) {
      secret.lines().map(String::trim).filter(line -> line.length() >= 4).forEach(forms::add);
    }
    forms.removeIf(form -> form.length() < 4);
    return forms;
  }
}
