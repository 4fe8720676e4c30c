package dev.provisionersdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The leak check's forms beyond plain text: escapes, and base64 decoded back to the secret. */
class LeakFormsTest {
  private static final String SHORT = "k3y!";
  private static final String LONG = "it's-a \"s3cr3t\" Pa55/w0rd+&=%x";
  private static final List<String> SECRETS = List.of(SHORT, "p4ss5", "s3cr3t", LONG);

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String wrap(String base64, int width, String lineBreak) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < base64.length(); i += width) {
      out.append(base64, i, Math.min(base64.length(), i + width)).append(lineBreak);
    }
    return out.toString();
  }

  static Stream<Arguments> leaks() {
    String blob = "0123456789-filler-" + LONG + "-more-filler-bytes";
    return Stream.of(
        Arguments.of(
            "HTML-safe JSON (Go)", "{\"p\":\"it's-a \\\"s3cr3t\\\" Pa55/w0rd+\\u0026=%x\"}"),
        Arguments.of(
            "HTML-safe JSON (Gson)", "\"it\\u0027s-a \\\"s3cr3t\\\" Pa55/w0rd+\\u0026\\u003d%x\""),
        Arguments.of("JSON with \\/", "\"it's-a \\\"s3cr3t\\\" Pa55\\/w0rd+&=%x\""),
        Arguments.of("shell double quotes", "echo \"it's-a \\\"s3cr3t\\\" Pa55/w0rd+&=%x\""),
        Arguments.of("base64 of a 4-byte value", "data: " + b64(SHORT)),
        Arguments.of("base64 of a 5-byte value", "data: " + b64("p4ss5")),
        Arguments.of("base64 of a 6-byte value, label glued on", "token=x" + b64("s3cr3t")),
        Arguments.of(
            "URL-safe base64, unpadded",
            "u: " + Base64.getUrlEncoder().withoutPadding().encodeToString(blob.getBytes())),
        Arguments.of("base64 wrapped with CRLF", "key:\r\n" + wrap(b64(blob), 6, "\r\n")),
        Arguments.of(
            "base64 wrapped with JSON-escaped \\n",
            "{\"pem\":\"" + wrap(b64(blob), 5, "\\n") + "\"}"),
        Arguments.of(
            "base64 of JSON holding base64", "x " + b64("{\"inner\":\"" + b64(SHORT) + "\"}")),
        Arguments.of(
            "base64 of JSON holding wrapped base64",
            "x " + b64("{\"inner\":\"" + wrap(b64(blob), 7, "\\n") + "\"}")),
        Arguments.of(
            "base64 of JSON holding the value escaped",
            "x " + b64("{\"p\":\"it\\u0027s-a \\\"s3cr3t\\\" Pa55/w0rd+\\u0026=%x\"}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("leaks")
  void eachFormIsALeak(String reason, String output) {
    assertThat(LeakForms.find(SECRETS, output + "\n")).as(reason).isPresent();
  }

  @Test
  void lowerCaseControlEscapesAreALeak() {
    String secret = "esc\u001b[31m-red";
    assertThat(LeakForms.find(List.of(secret), "\"esc\\u001b[31m-red\"")).isPresent();
    assertThat(LeakForms.find(List.of(secret), "\"esc\\u001B[31m-red\"")).isPresent();
  }

  @Test
  void maskedOutputAndUnrelatedBase64AreNotALeak() {
    long seed = 29;
    System.out.println("seed " + seed);
    byte[] random = new byte[48 * 1024];
    new Random(seed).nextBytes(random);
    String output =
        "password=*** token=***\n"
            + wrap(Base64.getMimeEncoder().encodeToString(random), 64, "\n")
            + b64("{\"inner\":\"" + b64("not the secret at all") + "\"}")
            + "\n";
    assertThat(LeakForms.find(SECRETS, output)).isEmpty();
  }

  @Test
  void theBase64OfAShortValueIsNotFoundWhereItIsCutShort() {
    String encoded = b64("s3cr3t"); // czNjcjN0
    assertThat(LeakForms.find(List.of("s3cr3t"), "data: " + encoded.substring(0, 7))).isEmpty();
  }
}
