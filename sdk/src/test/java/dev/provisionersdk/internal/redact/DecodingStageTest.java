package dev.provisionersdk.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decoding stage on the compositions real tools print: a PEM key through {@code base64 -w 76}
 * or {@code -w 64} inside Ansible's JSON result, wrapped base64 after a label, and a Kubernetes
 * {@code .dockerconfigjson} whose {@code auth} is base64 of {@code user:password}. Each is masked
 * whole, written whole, byte by byte and split at every point; {@link DecodingJudge} then decodes
 * the output and finds neither the secret nor any line of it.
 */
class DecodingStageTest {
  private static final String PASSWORD = "Rg8-pull-9xQ!v2";

  /** A PKCS#8 private key as PEM, from fixed random bytes: only its shape matters here. */
  static String pem(String type, long seed) {
    byte[] der = new byte[1218];
    new Random(seed).nextBytes(der);
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static final String KEY = pem("PRIVATE KEY", 7);

  /** {@code text}'s base64, a line break (real or escaped) after every {@code width} characters. */
  static String wrapped(String text, int width, String lineBreak) {
    String encoded = base64(text);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < encoded.length(); i += width) {
      if (i > 0) {
        lines.append(lineBreak);
      }
      lines.append(encoded, i, Math.min(encoded.length(), i + width));
    }
    return lines.toString();
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Ansible's {@code -v} result line for a task that ran {@code base64 -w WIDTH} on the key. */
  static String ansibleResult(int width) {
    String stdout = wrapped(KEY, width, "\n");
    List<String> lines = List.of(stdout.split("\n"));
    return "ok: [localhost] => {\"changed\": true, \"cmd\": \"printf '%s' \\\"$KEY\\\" | base64 -w "
        + width
        + "\", \"rc\": 0, \"stdout\": \""
        + stdout.replace("\n", "\\n")
        + "\", \"stdout_lines\": [\""
        + String.join("\", \"", lines)
        + "\"]}\n";
  }

  static String labelled(int width, String lineBreak) {
    return "tls.crt: (omitted)"
        + lineBreak
        + "tls.key: "
        + wrapped(KEY, width, lineBreak)
        + lineBreak;
  }

  static String dockerConfig(String password, boolean withPassword) {
    String auth = base64("robot$deploy:" + password);
    String json =
        "{\"auths\":{\"registry.example.com\":{\"username\":\"robot$deploy\","
            + (withPassword ? "\"password\":\"" + password + "\"," : "")
            + "\"auth\":\""
            + auth
            + "\"}}}";
    return "apiVersion: v1\ndata:\n  .dockerconfigjson: "
        + base64(json)
        + "\nkind: Secret\ntype: kubernetes.io/dockerconfigjson\n";
  }

  static Stream<Arguments> compositions() {
    return Stream.of(
        Arguments.of("Ansible JSON, base64 -w 76", ansibleResult(76), KEY),
        Arguments.of("Ansible JSON, base64 -w 64", ansibleResult(64), KEY),
        Arguments.of("label, then base64 -w 76, LF", labelled(76, "\n"), KEY),
        Arguments.of("label, then base64 -w 64, CRLF", labelled(64, "\r\n"), KEY),
        Arguments.of("label, JSON-escaped \\r\\n breaks", labelled(76, "\\r\\n"), KEY),
        Arguments.of("dockerconfigjson, auth only", dockerConfig(PASSWORD, false), PASSWORD),
        Arguments.of(
            "dockerconfigjson, password and auth", dockerConfig(PASSWORD, true), PASSWORD));
  }

  static Redactor redactor(String... secrets) {
    Redactor redactor = new Redactor();
    for (String secret : secrets) {
      redactor.register(secret);
    }
    return redactor;
  }

  /** Masks {@code input} written in pieces that end at the given offsets. */
  static String mask(Redactor redactor, byte[] input, int... splits) {
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    try (RedactingOutputStream stream = new RedactingOutputStream(target, redactor)) {
      int from = 0;
      for (int split : splits) {
        stream.write(input, from, split - from);
        from = split;
      }
      stream.write(input, from, input.length - from);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target.toString(StandardCharsets.UTF_8);
  }

  static String maskByteByByte(Redactor redactor, byte[] input) {
    int[] splits = new int[Math.max(0, input.length - 1)];
    for (int i = 0; i < splits.length; i++) {
      splits[i] = i + 1;
    }
    return mask(redactor, input, splits);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compositions")
  void noSecretDecodesFromTheOutputAndLinesStay(String name, String output, String secret) {
    Redactor redactor = redactor(secret);
    byte[] input = output.getBytes(StandardCharsets.UTF_8);

    String masked = mask(redactor, input);

    assertThat(DecodingJudge.recovered(output, DecodingJudge.needles(secret)))
        .as("the judge finds the secret in the unmasked output")
        .isNotNull();
    assertThat(DecodingJudge.recovered(masked, DecodingJudge.needles(secret))).isNull();
    assertThat(masked).contains("***");
    assertThat(masked.chars().filter(c -> c == '\n').count())
        .isEqualTo(output.chars().filter(c -> c == '\n').count());
    assertThat(masked.split("\\\\n", -1)).hasSameSizeAs(output.split("\\\\n", -1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compositions")
  void chunkingNeverChangesTheResult(String name, String output, String secret) {
    Redactor redactor = redactor(secret);
    byte[] input = output.getBytes(StandardCharsets.UTF_8);
    String whole = mask(redactor, input);

    assertThat(maskByteByByte(redactor, input)).isEqualTo(whole);
    for (int split = 1; split < input.length; split++) {
      assertThat(mask(redactor, input, split)).as("split at %d", split).isEqualTo(whole);
    }
  }

  @Test
  void base64ThatHoldsNoSecretIsLeftAlone() {
    Redactor redactor = redactor(KEY, PASSWORD);
    // Not a private key: the key's first and last lines are secret lines too.
    String certificate = "tls.crt: " + wrapped(pem("CERTIFICATE", 8), 76, "\n") + "\n";
    String plain = "ok: [localhost] => {\"stdout\": \"" + base64(pem("CERTIFICATE", 9)) + "\"}\n";

    for (String text : List.of(certificate, plain, dockerConfig("another-pull-secret", true))) {
      assertThat(mask(redactor, text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
    }
  }

  @Test
  void aRunLongerThanTheWindowIsCheckedInWindowsAndHeldOnlyThatLong() throws IOException {
    Redactor redactor = redactor(PASSWORD);
    byte[] filler = new byte[3 * DecodingStage.WINDOW];
    new Random(3).nextBytes(filler);
    String before = Base64.getEncoder().encodeToString(filler);
    String run = before + base64("{\"auth\":\"" + base64("robot:" + PASSWORD) + "\"}");

    ByteArrayOutputStream target = new ByteArrayOutputStream();
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor);
    byte[] input = run.getBytes(StandardCharsets.US_ASCII);
    stream.write(input);
    assertThat(target.size())
        .isLessThan(input.length)
        .isGreaterThanOrEqualTo(input.length - DecodingStage.WINDOW);
    stream.release();

    String masked = target.toString(StandardCharsets.US_ASCII);
    assertThat(DecodingJudge.recovered(masked, DecodingJudge.needles(PASSWORD))).isNull();
    assertThat(masked)
        .startsWith(before.substring(0, DecodingStage.WINDOW - DecodingStage.OVERLAP))
        .endsWith("***");
  }

  @Test
  void aLineThatBeginsWithAWordIsNotJoinedToTheRunBefore() {
    // The word's first letter is base64; joined to the key's run and masked with it, the stages
    // after this one would see the rest of the word without it, and not know the password.
    String password = "p\u00e4ssw\u00f6rd-\u65e5\u672c-\ud83d\udd11-k3y";
    Redactor redactor = redactor(KEY, password);
    String output = "tls.key: " + wrapped(KEY, 64, "\n") + "\n" + password + "\n";
    byte[] input = output.getBytes(StandardCharsets.UTF_8);

    String whole = mask(redactor, input);

    assertThat(whole).doesNotContain("\u00e4ssw").endsWith("\n***\n");
    assertThat(DecodingJudge.recovered(whole, DecodingJudge.needles(KEY))).isNull();
    for (int split = 1; split < input.length; split++) {
      assertThat(mask(redactor, input, split)).as("split at %d", split).isEqualTo(whole);
    }
  }

  @Test
  void theLastLineOfARunMayEndInPunctuationOrAControlCharacter() {
    Redactor redactor = redactor(PASSWORD);
    String auth = wrapped("{\"auth\":\"" + base64("robot:" + PASSWORD) + "\"}", 40, "\n");
    for (String after : List.of("\"}", "</data>", "\u001b[0m", "'", ")")) {
      String output = "data: " + auth + after + "\n";

      String masked = mask(redactor, output.getBytes(StandardCharsets.UTF_8));

      assertThat(DecodingJudge.recovered(masked, DecodingJudge.needles(PASSWORD)))
          .as("followed by %s", after)
          .isNull();
      assertThat(masked).as("followed by %s", after).endsWith("***" + after + "\n");
    }
  }

  @Test
  void base64GluedToOtherBase64CharactersIsDecodedAtItsOwnAlignment() {
    Redactor redactor = redactor(PASSWORD);
    String json = "{\"auth\":\"" + base64("robot:" + PASSWORD) + "\"}";
    for (String glued : List.of("k", "ke", "key")) {
      // The run starts with the glued letters: decoded from its first character it is binary,
      // from the base64's own first character it is the JSON.
      String output = "token=" + glued + base64(json) + "\n";

      String masked = mask(redactor, output.getBytes(StandardCharsets.UTF_8));

      assertThat(masked).as("glued %s", glued).isEqualTo("token=***\n");
    }
  }

  @Test
  void aSecondBase64StringJoinedAtAnotherAlignmentIsDecodedToo() {
    Redactor redactor = redactor(PASSWORD);
    // The first line is base64 of text that ends mid-group (unpadded, 2 characters too many for
    // a multiple of 4); the next line starts a new string, so it is misaligned in the run.
    String first = base64("a note about the registry credentials, kept for the record: x");
    String unpadded = first.substring(0, first.indexOf('='));
    assertThat(unpadded.length() % 4).isNotZero();
    String second = base64("{\"auth\":\"" + base64("robot:" + PASSWORD) + "\"}");
    String output = "data: " + unpadded + "\n" + second + "\n";

    String masked = mask(redactor, output.getBytes(StandardCharsets.UTF_8));

    assertThat(masked).isEqualTo("data: ***\n***\n");
  }

  @Test
  void textIsPrintableAsciiLineBreaksAndWellFormedUtf8() {
    byte[] text =
        "tls.key: -----BEGIN\r\n\tp\u00e4ssw\u00f6rd \ud83d\udd11".getBytes(StandardCharsets.UTF_8);
    assertThat(DecodedSecrets.isText(text, text.length)).isTrue();
    assertThat(DecodedSecrets.isText(text, text.length - 1)).as("cut inside the key").isTrue();
    assertThat(DecodedSecrets.isText(new byte[] {'a', 0, 'b'}, 3)).isFalse();
    assertThat(DecodedSecrets.isText(new byte[] {'a', (byte) 0xc3, 'b'}, 3)).isFalse();
    assertThat(DecodedSecrets.isText(new byte[] {(byte) 0xff}, 1)).isFalse();
  }

  @Test
  void aJsonArrayOfLinesIsReadAsOneRun() {
    String stdoutLines = ansibleResult(76);
    String onlyLines = stdoutLines.substring(stdoutLines.indexOf("\"stdout_lines\""));
    Redactor redactor = redactor(KEY);

    String masked = mask(redactor, onlyLines.getBytes(StandardCharsets.UTF_8));

    assertThat(DecodingJudge.recovered(masked, DecodingJudge.needles(KEY))).isNull();
    List<String> pieces = new ArrayList<>(List.of(masked.split("\", \"")));
    assertThat(pieces).hasSizeGreaterThan(10).allMatch(piece -> piece.contains("***"));
  }
}
