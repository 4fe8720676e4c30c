package dev.provisionersdk.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.provisionersdk.testing.RunResult;
import dev.provisionersdk.testing.RunResultAssert;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The test kit's leak check flags every form the masker masks ({@link SecretForms}): where the
 * masker knows a form, the check that judges it knows it too. The check itself is written without
 * the masker's code; this test only reads the masker's list of forms. It lives in the masker's
 * package to reach that package-private list, and in the test kit's module because the SDK's own
 * tests cannot depend on the test kit.
 */
class LeakCheckCoversSecretFormsTest {
  private static final List<String> SECRETS =
      List.of(
          "it's-a \"s3cr3t\" Pa55/w0rd+&=%x",
          "pässwörd-日本-🔑-k3y",
          "-----BEGIN KEY-----\nQUJDREVGR0hJSktM\r\nTU5PUFFSU1RVVldY\n-----END KEY-----\n",
          "  padded-secret-value  ",
          "esc\u001b[31m<red>\u0007",
          "k3y!",
          "p4ss5",
          "s3cr3t",
          "48151623429");

  static Stream<Arguments> forms() {
    List<Arguments> cases = new ArrayList<>();
    for (int i = 0; i < SECRETS.size(); i++) {
      SecretForms.Forms forms = SecretForms.of(SECRETS.get(i));
      int k = 0;
      for (String form : forms.all()) {
        boolean base64 = forms.base64().contains(form);
        cases.add(
            Arguments.of(
                "secret #" + i + " form #" + k++ + (base64 ? " (base64)" : ""),
                SECRETS.get(i),
                form,
                base64));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forms")
  void everyFormTheMaskerMasksIsFlagged(String name, String secret, String form, boolean base64) {
    String output = "printed: " + form + "\n";
    if (base64 && form.length() < 16) {
      // Fewer than 16 characters of base64 are no evidence alone: the masker masks them where
      // they sit in a longer encoding, so the check is shown that encoding.
      output = "printed: " + encodingHolding(secret, form) + "\n";
    }
    RunResult printed = RunResult.of(0, "", output, List.of(secret));
    assertThat(catchThrowable(() -> RunResultAssert.assertThat(printed).leaksNoSecrets()))
        .as("the leak check flags %s", name)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("appears in stderr");
  }

  /** The base64 of the secret between filler bytes, at the offset where the fragment occurs. */
  private static String encodingHolding(String secret, String fragment) {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    for (int offset = 0; offset < 3; offset++) {
      byte[] blob = new byte[offset + bytes.length + 2];
      for (int i = 0; i < blob.length; i++) {
        blob[i] = (byte) ('a' + i);
      }
      System.arraycopy(bytes, 0, blob, offset, bytes.length);
      for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
        String encoded = encoder.encodeToString(blob);
        if (encoded.contains(fragment)) {
          return encoded;
        }
      }
    }
    assertThat(fragment).as("a base64 fragment the test can place").isNull();
    return fragment;
  }
}
