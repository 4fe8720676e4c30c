package dev.provisionersdk.internal.redact;

import static dev.provisionersdk.internal.redact.RedactingOutputStreamTest.redactor;
import static dev.provisionersdk.internal.redact.RedactingOutputStreamTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What {@code flush()}, {@code release()} and {@code close()} do to the target and to the held
 * tail, and the masked ranges a stream keeps pending while a longer secret may still match.
 */
class RedactingOutputStreamLifecycleTest {
  /** Records what reaches it and how often it was flushed and closed. */
  private static final class Target extends ByteArrayOutputStream {
    int flushes;
    int closes;

    @Override
    public void flush() {
      flushes++;
    }

    @Override
    public void close() {
      closes++;
    }

    String text() {
      return toString(StandardCharsets.UTF_8);
    }
  }

  private final Target target = new Target();

  @Test
  void flushFlushesTheTargetAndReleaseFlushesItTooButNeitherClosesIt() throws IOException {
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor("s3cr3t-pw"));
    stream.write(utf8("line\n"));
    stream.flush();
    assertThat(target.flushes).isEqualTo(1);

    stream.release();
    assertThat(target.flushes).isEqualTo(2);
    assertThat(target.closes).isZero();
  }

  @Test
  void closeReleasesTheHeldTailAndClosesTheTarget() throws IOException {
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor("s3cr3t-pw"));
    stream.write(utf8("tail s3cr"));
    assertThat(target.text()).isEqualTo("tail ");

    stream.close();
    assertThat(target.text()).isEqualTo("tail s3cr");
    assertThat(target.closes).isEqualTo(1);
  }

  @Test
  void aValueRegisteredAfterTheLastWriteIsMaskedInTheTailThatReleaseWritesOut() throws IOException {
    Redactor redactor = redactor("secret-one");
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor);
    stream.write(utf8("xx secret-"));
    assertThat(target.text()).isEqualTo("xx ");

    redactor.register("ret-");
    stream.release();
    assertThat(target.text()).isEqualTo("xx sec***");
  }

  @Test
  void aSecretSplitAcrossAReleaseIsNotRecognisedAsTheJavadocSays() throws IOException {
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor("secret"));
    stream.write(utf8("a secr"));
    stream.release();
    stream.write(utf8("et!"));
    stream.release();
    assertThat(target.text()).isEqualTo("a secret!");
  }

  @Test
  void aSecretRightAfterAMaskWrittenOutIsMaskedOnItsOwn() throws IOException {
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor("secret"));
    stream.write(utf8("secret"));
    stream.release();
    stream.write(utf8("secret"));
    stream.release();
    assertThat(target.text()).isEqualTo("******");
  }

  /**
   * A short secret repeated inside what may still become a longer one: its masks stay pending (more
   * than the eight the stream starts with) until the longer one fails, and are then written out a
   * few at a time while new ones arrive.
   */
  @Test
  void manyMasksPendingWhileALongerSecretMayStillMatchAreEachWritten() throws IOException {
    String longer = "abcd-".repeat(10) + "Z";
    String text = "abcd-".repeat(25);
    for (int chunk : new int[] {1, 7, text.length()}) {
      Target target = new Target();
      RedactingOutputStream stream = new RedactingOutputStream(target, redactor("abcd", longer));
      for (int round = 0; round < 2; round++) {
        byte[] bytes = utf8(text);
        for (int from = 0; from < bytes.length; from += chunk) {
          stream.write(bytes, from, Math.min(chunk, bytes.length - from));
        }
      }
      stream.release();
      assertThat(target.text()).as("chunks of %d", chunk).isEqualTo("***-".repeat(50));
    }
  }

  @Test
  void formCountGrowsWithEachNewValueOnly() {
    Redactor redactor = redactor("abcd-1234");
    int forms = redactor.formCount();
    assertThat(forms).isPositive();

    redactor.register("abcd-1234");
    assertThat(redactor.formCount()).isEqualTo(forms);
    redactor.register("efgh-5678");
    assertThat(redactor.formCount()).isGreaterThan(forms);
  }
}
