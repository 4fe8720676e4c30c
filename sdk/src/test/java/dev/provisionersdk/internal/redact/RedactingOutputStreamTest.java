package dev.provisionersdk.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Streaming behaviour: what is held back, for how long, and with how much memory. */
class RedactingOutputStreamTest {
  private final ByteArrayOutputStream target = new ByteArrayOutputStream();

  static Redactor redactor(String... secrets) {
    Redactor redactor = new Redactor();
    for (String secret : secrets) {
      redactor.register(secret);
    }
    return redactor;
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private String written() {
    return target.toString(StandardCharsets.UTF_8);
  }

  @Test
  void holdsBackOnlyAPossibleSecretPrefixAndReleasesItAtTheEnd() throws IOException {
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor("s3cr3t-pw"));
    stream.write(utf8("progress 50% s3cr"));
    stream.flush();
    assertThat(written()).isEqualTo("progress 50% ");
    stream.release();
    assertThat(written()).isEqualTo("progress 50% s3cr");
  }

  @Test
  void flushKeepsTheHeldTailSoAnAutoflushingPrintStreamCannotSplitASecret() {
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor("s3cr3t-pw"));
    PrintStream print = new PrintStream(stream, true, StandardCharsets.UTF_8);
    print.print("token=s3cr");
    print.println("3t-pw");
    assertThat(written()).isEqualTo("token=***" + System.lineSeparator());
  }

  @Test
  void carriageReturnProgressLinesAppearAtOnce() throws IOException {
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor("s3cr3t-pw"));
    stream.write(utf8("Downloading 10%\r"));
    assertThat(written()).isEqualTo("Downloading 10%\r");
    stream.write(utf8("Downloading 20%\r"));
    assertThat(written()).isEqualTo("Downloading 10%\rDownloading 20%\r");
  }

  @Test
  void aMegabyteLineWithoutNewlineIsPassedOnWithBoundedHoldBack() throws IOException {
    Redactor redactor = redactor("s3cr3t-pw", "another-secret-value");
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor);
    byte[] line = new byte[1 << 20];
    Arrays.fill(line, (byte) 's'); // every byte could start "s3cr3t-pw"
    for (int offset = 0; offset < line.length; offset += 4096) {
      stream.write(line, offset, 4096);
    }
    int longestForm = redactor.automaton().maxPatternLength();
    // The line is one run of base64 characters: held back a window at a time (DecodingStage).
    assertThat(target.size())
        .isGreaterThanOrEqualTo(line.length - DecodingStage.WINDOW - longestForm);
    stream.release();
    assertThat(target.size()).isEqualTo(line.length);
  }

  @Test
  void aLongRunInsideRepeatedSecretsNeedsNoBuffer() throws IOException {
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor("abab"));
    for (int i = 0; i < 100_000; i++) {
      stream.write(utf8("ab"));
    }
    stream.release();
    assertThat(written()).isEqualTo("***");
  }

  @Test
  void eachStreamHasItsOwnState() throws IOException {
    Redactor shared = redactor("s3cr3t-pw");
    ByteArrayOutputStream otherTarget = new ByteArrayOutputStream();
    RedactingOutputStream first = new RedactingOutputStream(target, shared);
    RedactingOutputStream second = new RedactingOutputStream(otherTarget, shared);
    first.write(utf8("a s3cr"));
    second.write(utf8("b 3t-pw s3cr3t-pw"));
    first.write(utf8("3t-pw"));
    first.release();
    second.release();
    assertThat(written()).isEqualTo("a ***");
    assertThat(otherTarget.toString(StandardCharsets.UTF_8)).isEqualTo("b 3t-pw ***");
  }

  @Test
  void aValueRegisteredLaterIsMaskedFromThenOn() throws IOException {
    Redactor redactor = new Redactor();
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor);
    stream.write(utf8("before late-secret "));
    redactor.register("late-secret");
    stream.write(utf8("after late-secret"));
    stream.release();
    assertThat(written()).isEqualTo("before late-secret after ***");
  }

  @Test
  void aValueRegisteredWhileATailIsHeldIsMaskedInThatTail() throws IOException {
    Redactor redactor = redactor("abcd-1234");
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor);
    stream.write(utf8("zz abcd-12"));
    redactor.register("d-12345678");
    stream.write(utf8("345678 zz"));
    stream.release();
    assertThat(written()).isEqualTo("zz *** zz");
  }

  @Test
  void writingAfterReleaseStillMasks() throws IOException {
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor("s3cr3t-pw"));
    stream.write(utf8("one s3cr3t-pw "));
    stream.release();
    stream.write(utf8("two s3cr3t-pw"));
    stream.close();
    assertThat(written()).isEqualTo("one *** two ***");
  }

  @Test
  void aCodePointSplitAcrossWritesIsMasked() throws IOException {
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor("€uro-secret"));
    byte[] bytes = utf8("x €uro-secret y");
    stream.write(bytes, 0, 3); // "x " and the first byte of '€'
    stream.write(bytes, 3, 1);
    stream.write(bytes, 4, bytes.length - 4);
    stream.release();
    assertThat(written()).isEqualTo("x *** y");
  }

  @Test
  void redactMasksAStringWithTheSameRules() {
    Redactor redactor = redactor("pass word&x=1");
    assertThat(redactor.redact("a=pass%20word%26x%3D1 b=pass word&x=1")).isEqualTo("a=*** b=***");
  }

  @Test
  void registrationIsIdempotentAndReportsShortValues() {
    Redactor redactor = new Redactor();
    assertThat(redactor.register("abcd")).isEqualTo(Redactor.Registration.MASKED);
    int forms = redactor.formCount();
    assertThat(redactor.register("abcd")).isEqualTo(Redactor.Registration.MASKED);
    assertThat(redactor.formCount()).isEqualTo(forms);
    assertThat(redactor.register("abc")).isEqualTo(Redactor.Registration.TOO_SHORT);
    assertThat(redactor.register("  ab  ")).isEqualTo(Redactor.Registration.MASKED);
    assertThat(redactor.register(null)).isEqualTo(Redactor.Registration.TOO_SHORT);
  }
}
