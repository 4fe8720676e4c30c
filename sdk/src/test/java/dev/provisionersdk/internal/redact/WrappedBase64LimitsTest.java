package dev.provisionersdk.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The limits of a line that may be wrapped base64, at their edges: the narrowest and widest width,
 * the deepest indentation, written whole or a byte at a time; and what release() forgets.
 */
class WrappedBase64LimitsTest {
  /** A secret whose base64 is exactly {@code lines × width} characters, without padding. */
  private static String secret(int width, int lines) {
    StringBuilder secret = new StringBuilder();
    for (int i = 0; secret.length() < width * lines * 3 / 4; i++) {
      secret.append((char) ('a' + (i * 7) % 26));
    }
    return secret.toString();
  }

  private static String wrap(String secret, int width, String indent, String separator) {
    String encoded = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < encoded.length(); i += width) {
      lines.append(indent).append(encoded, i, i + width).append(separator);
    }
    return lines.toString();
  }

  private static String mask(Redactor redactor, String text, int chunk) throws IOException {
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int from = 0; from < bytes.length; from += chunk) {
      stream.write(bytes, from, Math.min(chunk, bytes.length - from));
    }
    stream.release();
    return target.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "width {0}, indent {1}, {2} lines, chunks of {3}")
  @CsvSource({
    "16, 0, 4, 1",
    "16, 0, 4, 100000",
    "128, 0, 2, 1",
    "128, 0, 2, 100000",
    "16, 32, 3, 1",
    "16, 32, 3, 100000",
  })
  void eachLineAtTheEdgeOfTheLimitsIsMasked(int width, int indent, int lines, int chunk)
      throws IOException {
    String secret = secret(width, lines);
    Redactor redactor = new Redactor();
    redactor.register(secret);
    String spaces = " ".repeat(indent);

    String masked = mask(redactor, wrap(secret, width, spaces, "\n"), chunk);

    assertThat(masked).isEqualTo((spaces + "***\n").repeat(lines));
  }

  @Test
  void aWrappedSecretSplitAcrossAReleaseIsNotRecognised() throws IOException {
    String secret = secret(64, 2);
    Redactor redactor = new Redactor();
    redactor.register(secret);
    String wrapped = wrap(secret, 64, "", "\n");
    int firstLine = wrapped.indexOf('\n') + 1;
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor);

    stream.write(wrapped.substring(0, firstLine).getBytes(StandardCharsets.UTF_8));
    stream.release();
    stream.write(wrapped.substring(firstLine).getBytes(StandardCharsets.UTF_8));
    stream.release();

    assertThat(target.toString(StandardCharsets.UTF_8)).isEqualTo(wrapped);
  }
}
