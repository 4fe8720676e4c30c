package dev.provisionersdk.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Base64 wrapped across lines, as the JDK's MIME encoder writes it (the same lines as PEM, {@code
 * openssl base64} and GNU {@code base64}), for every position of the line breaks relative to the
 * secret: nothing the secret alone determines survives, the line structure stays, and chunking does
 * not change the result.
 */
class WrappedBase64Test {
  private static final List<String> SECRETS =
      List.of(
          "short-S3cr3t", // 12 bytes: fits inside one line
          "ghp_Zq8mV3xL0pR7tY2wK9sN4bF6hJ1cD5eA8uQ",
          "-----BEGIN KEY-----\n"
              + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJz\n"
              + "dHV2d3h5ejAxMjM0NTY3ODkrLw==\n-----END KEY-----\n",
          "pässwörd-日本-\uD83D\uDD11-k3y");

  static Stream<Arguments> layouts() {
    List<Arguments> layouts = new ArrayList<>();
    for (String secret : SECRETS) {
      for (int width : new int[] {64, 76}) {
        for (String separator : new String[] {"\n", "\r\n"}) {
          layouts.add(Arguments.of(secret, width, separator));
        }
      }
    }
    return layouts.stream();
  }

  @ParameterizedTest(name = "secret #{index}: width {1}")
  @MethodSource("layouts")
  void everyPhaseOfTheLineBreaksIsMasked(String secret, int width, String separator)
      throws IOException {
    Redactor redactor = new Redactor();
    redactor.register(secret);
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    for (int before = 0; before < width * 3 / 4; before++) {
      String wrapped = wrap(blob(bytes, before), width, separator);
      String masked = mask(redactor, wrapped, wrapped.length());

      String joined = masked.replace("\r", "").replace("\n", "");
      for (String window : windows(bytes, before)) {
        assertThat(joined)
            .as("prefix %d: no run of the secret's base64", before)
            .doesNotContain(window);
      }
      assertThat(masked.split("\n", -1)).as("lines stay").hasSameSizeAs(wrapped.split("\n", -1));
      for (int split : new int[] {1, width / 2, width, width + 1, wrapped.length() / 2}) {
        assertThat(mask(redactor, wrapped, split)).as("split at %d", split).isEqualTo(masked);
      }
    }
  }

  @Test
  void lineFeedsAreFoundEightBytesAtATimeExactlyAsByteByByte() {
    java.util.Random random = new java.util.Random(7);
    for (int round = 0; round < 2000; round++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int i = 0; i < bytes.length; i++) {
        // Line feeds, their neighbours (0x09, 0x0B) and bytes that borrow in the SWAR test.
        bytes[i] = new byte[] {'\n', 9, 11, 0, 1, (byte) 0x8A, 'a'}[random.nextInt(7)];
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
      int expected = from;
      while (expected < bytes.length && bytes[expected] != '\n') {
        expected++;
      }
      assertThat(WrappedBase64Stage.indexOfLineFeed(bytes, from, bytes.length))
          .as("round %d", round)
          .isEqualTo(expected);
    }
  }

  @Test
  void byteByByteEqualsWhole() throws IOException {
    Redactor redactor = new Redactor();
    redactor.register(SECRETS.get(1));
    String wrapped = wrap(blob(SECRETS.get(1).getBytes(StandardCharsets.UTF_8), 29), 64, "\n");
    assertThat(mask(redactor, wrapped, 1)).isEqualTo(mask(redactor, wrapped, wrapped.length()));
  }

  @Test
  void linesThatCannotContinueASecretPassAtOnce() throws IOException {
    Redactor redactor = new Redactor();
    redactor.register(SECRETS.get(1));
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor);
    String unrelated = wrap(new byte[300], 76, "\n") + "Plan: 3 to add\nAAAAAAAAAAAAAAAAAAAA";
    stream.write(unrelated.getBytes(StandardCharsets.UTF_8));
    stream.flush();
    // All but the last line, an unfinished run of base64 the decoding stage holds until it ends.
    assertThat(target.toString(StandardCharsets.UTF_8))
        .isEqualTo(unrelated.substring(0, unrelated.length() - 20));
  }

  /** {@code before} filler bytes, the secret, five filler bytes. */
  private static byte[] blob(byte[] secret, int before) {
    byte[] blob = new byte[before + secret.length + 5];
    for (int i = 0; i < blob.length; i++) {
      blob[i] = (byte) ('a' + i % 26);
    }
    System.arraycopy(secret, 0, blob, before, secret.length);
    return blob;
  }

  private static String wrap(byte[] blob, int width, String separator) {
    return Base64.getMimeEncoder(width, separator.getBytes(StandardCharsets.US_ASCII))
            .encodeToString(blob)
        + separator;
  }

  /** Every 8 characters the secret's bytes alone determine at this offset, both alphabets. */
  private static List<String> windows(byte[] secret, int before) {
    int offset = before % 3;
    byte[] shifted = new byte[offset + secret.length];
    System.arraycopy(secret, 0, shifted, offset, secret.length);
    String encoded = Base64.getEncoder().withoutPadding().encodeToString(shifted);
    String own = encoded.substring((offset * 8 + 5) / 6, shifted.length * 8 / 6);
    List<String> windows = new ArrayList<>();
    for (int i = 0; i + 8 <= own.length(); i++) {
      windows.add(own.substring(i, i + 8));
    }
    return windows;
  }

  /** Masks {@code text} written in chunks of {@code chunk} bytes. */
  private static String mask(Redactor redactor, String text, int chunk) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    try (RedactingOutputStream stream = new RedactingOutputStream(target, redactor)) {
      for (int i = 0; i < bytes.length; i += chunk) {
        stream.write(bytes, i, Math.min(chunk, bytes.length - i));
        stream.flush();
      }
    }
    return target.toString(StandardCharsets.UTF_8);
  }
}
