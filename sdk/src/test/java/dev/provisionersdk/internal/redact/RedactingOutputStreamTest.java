package dev.provisionersdk.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RedactingOutputStreamTest {

  private static String maskWhole(Redactor redactor, String text) throws IOException {
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    try (RedactingOutputStream stream = new RedactingOutputStream(target, redactor)) {
      stream.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return target.toString(StandardCharsets.UTF_8);
  }

  private static Redactor redactor(String... secrets) {
    Redactor redactor = new Redactor();
    for (String secret : secrets) {
      redactor.register(secret);
    }
    return redactor;
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("exact value", new String[] {"s3cr3t-pw"}, "pw=s3cr3t-pw.", "pw=***."),
        Arguments.of("twice", new String[] {"s3cr3t-pw"}, "s3cr3t-pw s3cr3t-pw", "*** ***"),
        Arguments.of(
            "near miss kept", new String[] {"s3cr3t-pw"}, "s3cr3t-pX s3cr3t-", "s3cr3t-pX s3cr3t-"),
        Arguments.of(
            "longer secret wins", new String[] {"abcd", "abcdefgh"}, "xabcdefghx", "x***x"),
        Arguments.of(
            "shorter when longer absent", new String[] {"abcd", "abcdefgh"}, "abcdefg", "***efg"),
        Arguments.of("multi-byte utf-8", new String[] {"pässwört"}, "→pässwört←", "→***←"),
        Arguments.of(
            "multi-line", new String[] {"line-one\nline-two"}, "a line-one\nline-two b", "a *** b"),
        Arguments.of("too short not masked", new String[] {"abc"}, "abc abc", "abc abc"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void masksWhole(String reason, String[] secrets, String input, String expected)
      throws IOException {
    assertThat(maskWhole(redactor(secrets), input)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void masksAtEveryTwoChunkSplit(String reason, String[] secrets, String input, String expected)
      throws IOException {
    byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
    for (int split = 0; split <= bytes.length; split++) {
      ByteArrayOutputStream target = new ByteArrayOutputStream();
      try (RedactingOutputStream stream = new RedactingOutputStream(target, redactor(secrets))) {
        stream.write(bytes, 0, split);
        stream.flush();
        stream.write(bytes, split, bytes.length - split);
      }
      assertThat(target.toString(StandardCharsets.UTF_8))
          .as("split at %d", split)
          .isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void masksByteByByte(String reason, String[] secrets, String input, String expected)
      throws IOException {
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    try (RedactingOutputStream stream = new RedactingOutputStream(target, redactor(secrets))) {
      for (byte b : input.getBytes(StandardCharsets.UTF_8)) {
        stream.write(b);
        stream.flush();
      }
    }
    assertThat(target.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
  }

  @Test
  void holdsBackOnlyAPossibleSecretPrefixAndReleasesItAtTheEnd() throws IOException {
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor("s3cr3t-pw"));
    stream.write("progress 50% s3cr".getBytes(StandardCharsets.UTF_8));
    stream.flush();
    assertThat(target.toString(StandardCharsets.UTF_8)).isEqualTo("progress 50% ");
    stream.release();
    assertThat(target.toString(StandardCharsets.UTF_8)).isEqualTo("progress 50% s3cr");
  }

  @Test
  void aValueRegisteredLaterIsMaskedFromThenOn() throws IOException {
    Redactor redactor = new Redactor();
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor);
    stream.write("before late-secret ".getBytes(StandardCharsets.UTF_8));
    redactor.register("late-secret");
    stream.write("after late-secret".getBytes(StandardCharsets.UTF_8));
    stream.release();
    assertThat(target.toString(StandardCharsets.UTF_8)).isEqualTo("before late-secret after ***");
  }

  @Test
  void registrationIsIdempotentAndReportsShortValues() {
    Redactor redactor = new Redactor();
    assertThat(redactor.register("abcd")).isEqualTo(Redactor.Registration.MASKED);
    assertThat(redactor.register("abcd")).isEqualTo(Redactor.Registration.MASKED);
    assertThat(redactor.register("abc")).isEqualTo(Redactor.Registration.TOO_SHORT);
    assertThat(redactor.register(null)).isEqualTo(Redactor.Registration.TOO_SHORT);
    assertThat(redactor.formCount()).isEqualTo(redactor.formCount());
  }
}
