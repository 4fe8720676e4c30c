package dev.provisionersdk.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * A value registered after a stream has written output is found in its wrapped base64 from the next
 * write on, exactly as if it had been registered before the first write; registering a known value
 * again changes nothing.
 */
class WrappedBase64LateRegistrationTest {
  private static final String SECRET =
      "late-secret-" + "Qx7vN2pL9sR4tW8yB3mK6hF1jD5gC0zA".repeat(2);

  /** The secret's base64 wrapped at 64 columns, as PEM and {@code openssl base64} write it. */
  private static String wrapped() {
    String encoded = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < encoded.length(); i += 64) {
      lines.append(encoded, i, Math.min(encoded.length(), i + 64)).append('\n');
    }
    return lines.toString();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** How a stream whose redactor knew the secret from the start masks the same output. */
  private static String maskedFromTheStart(String before) throws IOException {
    Redactor redactor = new Redactor();
    redactor.register("other-value-1234");
    redactor.register(SECRET);
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor);
    stream.write(utf8(before + wrapped()));
    stream.release();
    return target.toString(StandardCharsets.UTF_8);
  }

  @Test
  void registeringAKnownValueAgainDoesNotLoseAMatchHalfWritten() throws IOException {
    Redactor redactor = new Redactor();
    redactor.register("other-value-1234");
    redactor.register(SECRET);
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor);
    String wrapped = wrapped();
    int firstLine = wrapped.indexOf('\n') + 1;
    stream.write(utf8(wrapped.substring(0, firstLine)));
    redactor.register(SECRET);
    stream.write(utf8(wrapped.substring(firstLine)));
    stream.release();

    assertThat(target.toString(StandardCharsets.UTF_8)).isEqualTo(maskedFromTheStart(""));
  }

  @Test
  void afterOutputWrittenWithNothingRegistered() throws IOException {
    Redactor redactor = new Redactor();
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor);
    stream.write(utf8("starting\n"));
    redactor.register("other-value-1234");
    redactor.register(SECRET);
    stream.write(utf8(wrapped()));
    stream.release();

    String masked = target.toString(StandardCharsets.UTF_8);
    assertThat(masked).isEqualTo(maskedFromTheStart("starting\n"));
    assertThat(masked).doesNotContain(wrapped().substring(8, 40));
  }

  @Test
  void afterAPartialLineWasMatchedAgainstTheValuesRegisteredBefore() throws IOException {
    Redactor redactor = new Redactor();
    redactor.register("other-value-1234");
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor);
    stream.write(utf8("QUJDREVGR0hJSktM")); // a line that may still be wrapped base64
    redactor.register(SECRET);
    stream.write(utf8("\n" + wrapped()));
    stream.release();

    String masked = target.toString(StandardCharsets.UTF_8);
    assertThat(masked).isEqualTo(maskedFromTheStart("QUJDREVGR0hJSktM\n"));
    assertThat(masked).doesNotContain(wrapped().substring(8, 40));
  }
}
