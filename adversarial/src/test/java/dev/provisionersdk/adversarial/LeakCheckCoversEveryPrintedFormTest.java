package dev.provisionersdk.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.provisionersdk.testing.RunResult;
import dev.provisionersdk.testing.RunResultAssert;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The leak check is as strong as the suite's claim: every text {@link Encodings} prints for a
 * secret (what {@link LeakyProvisioner} writes in every scenario) is flagged as a leak of that
 * secret, so a masking gap in any of those forms fails {@code MaskingIT} and {@code masking.sh}.
 */
class LeakCheckCoversEveryPrintedFormTest {
  /** Beyond the sample: 4-6 byte values, and one with a control character. */
  private static final List<String> EXTRA =
      List.of("k3y!", "p4ss5", "s3cr3t", "esc\u001b[31m-red-\u0007bell");

  /** Values the sample does not hold, printed to see that the check flags nothing else. */
  private static final List<String> DECOYS =
      List.of("decoy-Value-4711", "Zq9&<w>='x\"y", "äöü-Ünïcödé-🦊", "short", "line-a\nline-b");

  static List<String> secrets() throws IOException {
    List<String> secrets = LeakCheck.secretValues(Path.of("sample", "secrets.json"));
    secrets.add("adversarial-token-7Yq2Lw9Zx4mK");
    secrets.addAll(EXTRA);
    secrets.removeIf(value -> value.length() < 4);
    return secrets;
  }

  static Stream<Arguments> printedForms() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    List<String> secrets = secrets();
    for (int i = 0; i < secrets.size(); i++) {
      String secret = secrets.get(i);
      for (String line : Encodings.lines(secret)) {
        String label = line.substring(0, line.indexOf(':'));
        cases.add(Arguments.of("secret #" + i + " " + label, secret, line + "\n"));
      }
      List<String> wrapped = Encodings.wrapped(secret);
      for (int k = 0; k < wrapped.size(); k++) {
        cases.add(Arguments.of("secret #" + i + " wrapped base64 #" + k, secret, wrapped.get(k)));
      }
      List<String> composed = Encodings.compositions(secret);
      for (int k = 0; k < composed.size(); k++) {
        cases.add(Arguments.of("secret #" + i + " composition #" + k, secret, composed.get(k)));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("printedForms")
  void everyFormTheAdversarialProvisionerPrintsIsFlagged(String name, String secret, String text) {
    RunResult printed = RunResult.of(0, "leaky: " + text, "", List.of(secret));
    assertThat(catchThrowable(() -> RunResultAssert.assertThat(printed).leaksNoSecrets()))
        .as("the leak check flags %s", name)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("secret #0 of the run's inputs appears in stdout");
  }

  @Test
  void everyFormOfOtherValuesIsNotTakenForALeak() throws IOException {
    StringBuilder output = new StringBuilder();
    for (String decoy : DECOYS) {
      Encodings.lines(decoy).forEach(line -> output.append(line).append('\n'));
      Encodings.wrapped(decoy).forEach(output::append);
      Encodings.compositions(decoy).forEach(output::append);
    }
    RunResult printed = RunResult.of(0, output.toString(), output.toString(), secrets());
    assertThatCode(() -> RunResultAssert.assertThat(printed).leaksNoSecrets())
        .doesNotThrowAnyException();
  }
}
