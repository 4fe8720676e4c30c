package dev.provisionersdk.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random secrets, random encodings, random chunking: nothing leaks, chunking never changes the
 * result, masking is idempotent, and near misses are never masked.
 *
 * <p>Seeded and repeatable: each case is named by its own seed, derived from the run's base seed
 * ({@code -Dredaction.seed=N}, else the current time, printed once). Rerun a failing case with
 * {@code -Dredaction.seed=} its seed and {@code -Dredaction.cases=1}.
 */
class RedactionPropertiesTest {

  /** The encodings a secret is embedded in, written independently of {@code SecretForms}. */
  enum Encoding {
    RAW(s -> s),
    // The secret registered as written, printed trimmed between other whitespace.
    TRIMMED_PADDED(s -> " \t" + s.strip() + "  "),
    JSON(s -> s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")),
    JSON_HTML_SAFE(
        s ->
            s.replace("\\", "\\\\")
                .replace("\"", "\\\"")
                .replace("\n", "\\n")
                .replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026")
                .replace("=", "\\u003d")
                .replace("'", "\\u0027")),
    URL_PLUS(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)),
    URL_PERCENT_20(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20")),
    URL_LOWER_HEX(s -> lowerHex(URLEncoder.encode(s, StandardCharsets.UTF_8))),
    XML(
        s ->
            s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&apos;")),
    SHELL_SINGLE(s -> "'" + s.replace("'", "'\\''") + "'"),
    SHELL_DOUBLE(s -> "\"" + s.replaceAll("([\\\\\"$`])", "\\\\$1") + "\"");

    final UnaryOperator<String> encode;

    Encoding(UnaryOperator<String> encode) {
      this.encode = encode;
    }
  }

  private static String lowerHex(String encoded) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      boolean hex =
          i > 0 && (encoded.charAt(i - 1) == '%' || i > 1 && encoded.charAt(i - 2) == '%');
      out.append(hex ? Character.toLowerCase(c) : c);
    }
    return out.toString();
  }

  private static final long BASE_SEED = baseSeed();

  /** The run's base seed; printed so that a failing run can be repeated. */
  private static long baseSeed() {
    long seed = Long.getLong("redaction.seed", System.nanoTime());
    System.out.println(
        "RedactionPropertiesTest: base seed " + seed + " (-Dredaction.seed=" + seed + ")");
    return seed;
  }

  /** {@code count} cases (or {@code -Dredaction.cases}), each a random source named by its seed. */
  private static Stream<Named<SplittableRandom>> cases(int count) {
    int cases = Integer.getInteger("redaction.cases", count);
    return LongStream.range(0, cases)
        .map(i -> BASE_SEED + i)
        .mapToObj(seed -> Named.of("seed " + seed, new SplittableRandom(seed)));
  }

  static Stream<Named<SplittableRandom>> cases300() {
    return cases(300);
  }

  static Stream<Named<SplittableRandom>> cases200() {
    return cases(200);
  }

  private static String randomString(SplittableRandom random, String alphabet, int min, int max) {
    int length = random.nextInt(min, max + 1);
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  /** Letters, digits and every character some encoding changes; no '*', the replacement. */
  private static String secret(SplittableRandom random) {
    String alphabet = "abcxyzABCXYZ0189" + " \"'&<>=+/%\\$`:@#é€\n";
    while (true) {
      String s = randomString(random, alphabet, Redactor.MINIMUM_LENGTH, 24);
      if (!s.strip().isEmpty()
          && SecretForms.longEnough(s.strip())
          && s.codePointCount(0, s.length()) >= Redactor.MINIMUM_LENGTH) {
        return s;
      }
    }
  }

  private static String filler(SplittableRandom random) {
    return randomString(random, "lmnopq LMNOPQ-_.,;()[]{}\t\r\n", 0, 40);
  }

  private static List<Integer> cuts(SplittableRandom random) {
    int count = random.nextInt(13);
    List<Integer> cuts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      cuts.add(random.nextInt(401));
    }
    return cuts;
  }

  private static Encoding encoding(SplittableRandom random) {
    Encoding[] all = Encoding.values();
    return all[random.nextInt(all.length)];
  }

  @ParameterizedTest
  @MethodSource("cases300")
  void anEncodedSecretNeverSurvivesAnyChunking(SplittableRandom random) throws IOException {
    String secret = secret(random);
    Encoding encoding = encoding(random);
    String before = filler(random);
    String after = filler(random);
    List<Integer> cuts = cuts(random);
    String embedded = encoding.encode.apply(secret);
    String text = before + embedded + after;
    Redactor redactor = redactorOf(secret);

    String whole = maskWhole(redactor, text);
    String chunked = maskChunked(redactor, text, cuts);

    assertThat(chunked)
        .as("chunking changes nothing (%s, cuts %s)", encoding, cuts)
        .isEqualTo(whole);
    assertThat(whole).as(encoding.name()).doesNotContain(secret.strip());
    if (embedded.length() >= Redactor.MINIMUM_LENGTH) {
      assertThat(whole).as(encoding.name()).doesNotContain(embedded);
    }
    assertThat(maskWhole(redactor, whole)).as("idempotent").isEqualTo(whole);
  }

  @ParameterizedTest
  @MethodSource("cases300")
  void aBase64EmbeddedSecretNeverSurvives(SplittableRandom random) throws IOException {
    String secret = secret(random);
    int bytesBefore = random.nextInt(0, 8);
    int bytesAfter = random.nextInt(1, 8);
    boolean urlSafe = random.nextBoolean();
    List<Integer> cuts = cuts(random);
    byte[] secretBytes = secret.getBytes(StandardCharsets.UTF_8);
    byte[] data = new byte[bytesBefore + secretBytes.length + bytesAfter];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (0x41 + i * 7 % 50);
    }
    System.arraycopy(secretBytes, 0, data, bytesBefore, secretBytes.length);
    String encoded = (urlSafe ? Base64.getUrlEncoder() : Base64.getEncoder()).encodeToString(data);
    // The characters whose 6 bits all lie inside the secret's bytes.
    int firstBit = bytesBefore * 8;
    int endBit = (bytesBefore + secretBytes.length) * 8;
    String determined = encoded.substring((firstBit + 5) / 6, endBit / 6);
    Redactor redactor = redactorOf(secret);

    String whole = maskWhole(redactor, "blob: " + encoded + "\n");

    assertThat(whole).contains(Redactor.REPLACEMENT).doesNotContain(determined);
    assertThat(maskChunked(redactor, "blob: " + encoded + "\n", cuts)).isEqualTo(whole);
  }

  @ParameterizedTest
  @MethodSource("cases300")
  void nearMissesAreNeverMasked(SplittableRandom random) throws IOException {
    String secret;
    String text;
    List<Integer> cuts;
    do { // e.g. "aaaa" + "aaaa" around an empty filler holds the secret itself: draw again
      secret = randomString(random, "abcdefghijk0123456789", Redactor.MINIMUM_LENGTH + 1, 30);
      String filler = filler(random);
      cuts = cuts(random);
      String truncated = secret.substring(0, secret.length() - 1);
      String changedLast = truncated + "Q";
      String changedFirst = "Q" + secret.substring(1);
      text = filler + truncated + filler + changedLast + filler + changedFirst + filler;
    } while (text.contains(secret));
    Redactor redactor = redactorOf(secret);

    assertThat(maskWhole(redactor, text)).isEqualTo(text);
    assertThat(maskChunked(redactor, text, cuts)).isEqualTo(text);
  }

  @ParameterizedTest
  @MethodSource("cases200")
  void severalSecretsInRandomEncodingsAllDisappear(SplittableRandom random) throws IOException {
    int count = random.nextInt(1, 6);
    String separator = filler(random);
    List<Integer> cuts = cuts(random);
    Redactor redactor = new Redactor();
    List<String> secrets = new ArrayList<>();
    StringBuilder text = new StringBuilder(separator);
    for (int i = 0; i < count; i++) {
      String secret = secret(random);
      secrets.add(secret);
      redactor.register(secret);
      text.append(encoding(random).encode.apply(secret)).append(separator);
    }

    String whole = maskWhole(redactor, text.toString());

    assertThat(maskChunked(redactor, text.toString(), cuts)).isEqualTo(whole);
    for (String secret : secrets) {
      assertThat(whole).doesNotContain(secret.strip());
    }
  }

  private static Redactor redactorOf(String secret) {
    Redactor redactor = new Redactor();
    redactor.register(secret);
    return redactor;
  }

  private static String maskWhole(Redactor redactor, String text) throws IOException {
    return maskChunked(redactor, text, List.of());
  }

  private static String maskChunked(Redactor redactor, String text, List<Integer> cuts)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    List<Integer> points = new ArrayList<>();
    for (int cut : cuts) {
      points.add(Math.min(cut, bytes.length));
    }
    points.sort(null);
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    try (RedactingOutputStream stream = new RedactingOutputStream(target, redactor)) {
      int from = 0;
      for (int point : points) {
        stream.write(bytes, from, point - from);
        stream.flush();
        from = point;
      }
      stream.write(bytes, from, bytes.length - from);
    }
    return target.toString(StandardCharsets.UTF_8);
  }
}
