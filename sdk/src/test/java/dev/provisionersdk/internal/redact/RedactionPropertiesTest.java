package dev.provisionersdk.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random secrets, random encodings, random chunking: nothing leaks, chunking never changes the
 * result, masking is idempotent, and near misses are never masked.
 */
class RedactionPropertiesTest {

  /** The encodings a secret is embedded in, written independently of {@code SecretForms}. */
  enum Encoding {
    RAW(s -> s),
    TRIMMED_PADDED(s -> s),
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

  @Provide
  Arbitrary<String> secrets() {
    // Letters, digits and every character some encoding changes; no '*', the replacement.
    return Arbitraries.strings()
        .withChars("abcxyzABCXYZ0189")
        .withChars(" \"'&<>=+/%\\$`:@#é€\n")
        .ofMinLength(Redactor.MINIMUM_LENGTH)
        .ofMaxLength(24)
        .filter(s -> !s.strip().isEmpty() && SecretForms.longEnough(s.strip()))
        .filter(s -> s.codePointCount(0, s.length()) >= Redactor.MINIMUM_LENGTH);
  }

  @Provide
  Arbitrary<String> filler() {
    return Arbitraries.strings().withChars("lmnopq LMNOPQ-_.,;()[]{}\t\r\n").ofMaxLength(40);
  }

  @Provide
  Arbitrary<List<Integer>> cuts() {
    return Arbitraries.integers().between(0, 400).list().ofMaxSize(12);
  }

  @Property(tries = 300)
  void anEncodedSecretNeverSurvivesAnyChunking(
      @ForAll("secrets") String secret,
      @ForAll Encoding encoding,
      @ForAll("filler") String before,
      @ForAll("filler") String after,
      @ForAll("cuts") List<Integer> cuts)
      throws IOException {
    String embedded = encoding.encode.apply(secret);
    String text = before + embedded + after;
    Redactor redactor = redactorOf(secret);

    String whole = maskWhole(redactor, text);
    String chunked = maskChunked(redactor, text, cuts);

    assertThat(chunked).as("chunking changes nothing").isEqualTo(whole);
    assertThat(whole).doesNotContain(secret.strip());
    if (embedded.length() >= Redactor.MINIMUM_LENGTH) {
      assertThat(whole).doesNotContain(embedded);
    }
    assertThat(maskWhole(redactor, whole)).as("idempotent").isEqualTo(whole);
  }

  @Property(tries = 300)
  void aBase64EmbeddedSecretNeverSurvives(
      @ForAll("secrets") String secret,
      @ForAll @IntRange(min = 0, max = 7) int bytesBefore,
      @ForAll @IntRange(min = 1, max = 7) int bytesAfter,
      @ForAll boolean urlSafe,
      @ForAll("cuts") List<Integer> cuts)
      throws IOException {
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

  @Property(tries = 300)
  void nearMissesAreNeverMasked(
      @ForAll("lowerAlnum") String secret,
      @ForAll("filler") String filler,
      @ForAll("cuts") List<Integer> cuts)
      throws IOException {
    String truncated = secret.substring(0, secret.length() - 1);
    String changedLast = truncated + "Q";
    String changedFirst = "Q" + secret.substring(1);
    String text = filler + truncated + filler + changedLast + filler + changedFirst + filler;
    Assume.that(!text.contains(secret)); // e.g. "aaaa" + "aaaa" around an empty filler
    Redactor redactor = redactorOf(secret);

    assertThat(maskWhole(redactor, text)).isEqualTo(text);
    assertThat(maskChunked(redactor, text, cuts)).isEqualTo(text);
  }

  @Provide
  Arbitrary<String> lowerAlnum() {
    return Arbitraries.strings()
        .withChars("abcdefghijk0123456789")
        .ofMinLength(Redactor.MINIMUM_LENGTH + 1)
        .ofMaxLength(30);
  }

  @Property(tries = 200)
  void severalSecretsInRandomEncodingsAllDisappear(
      @ForAll("secretsAndEncodings") List<String[]> secretsAndEmbeddings,
      @ForAll("filler") String separator,
      @ForAll("cuts") List<Integer> cuts)
      throws IOException {
    Redactor redactor = new Redactor();
    StringBuilder text = new StringBuilder(separator);
    for (String[] pair : secretsAndEmbeddings) {
      redactor.register(pair[0]);
      text.append(pair[1]).append(separator);
    }

    String whole = maskWhole(redactor, text.toString());

    assertThat(maskChunked(redactor, text.toString(), cuts)).isEqualTo(whole);
    for (String[] pair : secretsAndEmbeddings) {
      assertThat(whole).doesNotContain(pair[0].strip());
    }
  }

  @Provide
  Arbitrary<List<String[]>> secretsAndEncodings() {
    Arbitrary<String[]> pair =
        Combinators.combine(secrets(), Arbitraries.of(Encoding.class))
            .as((secret, encoding) -> new String[] {secret, encoding.encode.apply(secret)});
    return pair.list().ofMinSize(1).ofMaxSize(5);
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
