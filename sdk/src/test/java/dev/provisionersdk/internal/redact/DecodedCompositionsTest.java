package dev.provisionersdk.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * A seeded property test: random secrets, encoded by random compositions of base64 (either
 * alphabet, padded or not, unwrapped or wrapped at 64 or 76 columns with LF, CRLF or the JSON
 * escapes {@code \n} and {@code \r\n}), JSON string embedding and labels, up to three base64 layers
 * deep, are printed inside random log text; the output, masked whole and in random chunks, must be
 * the same, and {@link DecodingJudge} must recover neither a secret nor a line of one from it. Each
 * repetition prints its seed; {@code -Ddecoding.seed=N} moves the whole series.
 */
class DecodedCompositionsTest {
  private static final long BASE_SEED = Long.getLong("decoding.seed", 20261207L);

  @RepeatedTest(300)
  void noComposedSecretComesBackFromTheMaskedOutput(RepetitionInfo repetition) {
    long seed = BASE_SEED + repetition.getCurrentRepetition();
    System.out.println("DecodedCompositionsTest seed " + seed);
    Random random = new Random(seed);
    List<String> secrets = new ArrayList<>();
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      secrets.add(secret(random));
    }
    StringBuilder document = new StringBuilder();
    for (int line = 5 + random.nextInt(20); line > 0; line--) {
      if (random.nextInt(4) == 0) {
        document
            .append(label(random))
            .append(compose(random, secrets.get(random.nextInt(secrets.size()))))
            .append('\n');
      } else if (random.nextInt(6) == 0) {
        // A secret as it is, often right after a composition's last line: a run must not take
        // its first letters, or the stages after the decoding one would not see it whole.
        document.append(secrets.get(random.nextInt(secrets.size()))).append('\n');
      } else {
        document.append(filler(random)).append(random.nextInt(5) == 0 ? "\r\n" : "\n");
      }
    }
    document.append(label(random)).append(compose(random, secrets.get(0))).append('\n');
    String output = document.toString();
    Redactor redactor = DecodingStageTest.redactor(secrets.toArray(String[]::new));
    byte[] input = output.getBytes(StandardCharsets.UTF_8);
    List<String> needles = new ArrayList<>();
    secrets.forEach(secret -> needles.addAll(DecodingJudge.needles(secret)));

    String whole = DecodingStageTest.mask(redactor, input);
    int[] splits =
        random.ints(1 + random.nextInt(6), 1, input.length).sorted().distinct().toArray();
    String chunked = DecodingStageTest.mask(redactor, input, splits);

    assertThat(DecodingJudge.recovered(output, needles)).as("seed %d: unmasked", seed).isNotNull();
    assertThat(DecodingJudge.recovered(whole, needles)).as("seed %d", seed).isNull();
    assertThat(chunked).as("seed %d, splits %s", seed, Arrays.toString(splits)).isEqualTo(whole);
  }

  private static String secret(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> DecodingStageTest.pem("PRIVATE KEY", random.nextLong());
      case 1 ->
          "ghp_"
              + text(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 36);
      case 2 -> text(random, "abcdefghijklmnopqrstuvwxyz0123456789", 4 + random.nextInt(8));
      case 3 ->
          text(
                      random,
                      "abcdefXYZ0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ ä",
                      8 + random.nextInt(24))
                  .strip()
              + "x";
      default -> "postgres://app:" + text(random, "abcdef0123456789", 16) + "@db.internal:5432/app";
    };
  }

  /** The secret under one to three base64 layers, with JSON embeddings and labels between. */
  private static String compose(Random random, String secret) {
    String payload =
        switch (random.nextInt(3)) {
          case 0 -> secret;
          case 1 -> "robot:" + secret;
          default -> "{\"password\":\"" + SecretForms.jsonEscaped(secret) + "\"}";
        };
    int layers = 1 + random.nextInt(3);
    boolean json = false;
    for (int layer = 0; layer < layers; layer++) {
      payload = base64(random, payload);
      if (layer < layers - 1 && !json && random.nextBoolean()) {
        // JSON around it: the breaks of a wrapped layer become \n escapes (Ansible's stdout).
        payload =
            "{\"auths\":{\"r.example.com\":{\"auth\":\""
                + SecretForms.jsonEscaped(payload)
                + "\"}}}";
        json = true;
      } else {
        json = false;
        if (layer < layers - 1 && random.nextInt(3) == 0) {
          payload = label(random) + payload;
        }
      }
    }
    return payload;
  }

  private static String base64(Random random, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Base64.Encoder encoder = random.nextBoolean() ? Base64.getEncoder() : Base64.getUrlEncoder();
    if (random.nextBoolean()) {
      encoder = encoder.withoutPadding();
    }
    String encoded = encoder.encodeToString(bytes);
    if (random.nextInt(3) == 0) {
      return encoded;
    }
    int width = random.nextBoolean() ? 64 : 76;
    String lineBreak = List.of("\n", "\r\n", "\\n", "\\r\\n").get(random.nextInt(4));
    String indent = random.nextInt(4) == 0 ? "    " : "";
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < encoded.length(); i += width) {
      if (i > 0) {
        lines.append(lineBreak).append(indent);
      }
      lines.append(encoded, i, Math.min(encoded.length(), i + width));
    }
    return lines.toString();
  }

  private static String label(Random random) {
    return List.of(
            "", "tls.key: ", "  .dockerconfigjson: ", "ok: [web] => {\"stdout\": \"", "data=")
        .get(random.nextInt(5));
  }

  private static String filler(Random random) {
    return List.of(
            "2026-12-07T23:00:0" + random.nextInt(10) + ".123Z [INFO] provider: plugin started",
            "aws_db_instance.main: Refreshing state... [id=db-"
                + text(random, "abcdef0123456789", 20)
                + "]",
            "  certificate_authority_data = \""
                + Base64.getEncoder()
                    .encodeToString(text(random, "xyz", 48).getBytes(StandardCharsets.US_ASCII))
                + "\"",
            "Apply progress: " + random.nextInt(100) + "% complete",
            "sha256:" + text(random, "abcdef0123456789", 64))
        .get(random.nextInt(5));
  }

  private static String text(Random random, String alphabet, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }
}
