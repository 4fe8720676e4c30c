package dev.provisionersdk.internal.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.provisionersdk.internal.os.Posix;
import dev.provisionersdk.internal.redact.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pump between a real pipe (standing in for descriptor 1) and another real pipe (standing in
 * for the descriptor the process started with), through native calls: masking across reads, the
 * final flush, and what happens after it.
 */
class DescriptorPumpTest {
  private static final String SECRET = "pumped-s3cr3t-value";

  private Posix posix;
  private int[] stdout;
  private int[] original;
  private DescriptorPump pump;
  private Thread pumpThread;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private Thread reader;

  @BeforeEach
  void pipes() throws IOException {
    Optional<Posix> loaded = Posix.load();
    assumeThat(loaded).as(Posix.whyUnavailable()).isPresent();
    posix = loaded.orElseThrow();
    stdout = posix.pipe();
    original = posix.pipe();
    Redactor redactor = new Redactor();
    redactor.register(SECRET);
    pump = new DescriptorPump(posix, stdout[0], original[1], redactor);
    pumpThread = new Thread(pump, "test-pump");
    pumpThread.start();
    reader =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try {
                for (int n; (n = posix.read(original[0], buffer, 0, buffer.length)) > 0; ) {
                  synchronized (received) {
                    received.write(buffer, 0, n);
                    received.notifyAll();
                  }
                }
              } catch (IOException e) {
                // The test closed the pipe.
              }
            },
            "test-reader");
    reader.start();
  }

  @AfterEach
  void close() throws IOException, InterruptedException {
    if (posix == null) {
      return;
    }
    if (stdout[1] >= 0) {
      posix.close(stdout[1]);
    }
    pumpThread.join(10_000);
    posix.close(original[1]);
    reader.join(10_000);
    posix.close(stdout[0]);
    posix.close(original[0]);
  }

  private void write(String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    posix.write(stdout[1], bytes, 0, bytes.length);
  }

  /** Waits until the original descriptor has received {@code expected}, or 10 s. */
  private String awaitReceived(String expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    synchronized (received) {
      while (!received.toString(StandardCharsets.UTF_8).contains(expected)
          && System.nanoTime() < deadline) {
        received.wait(100);
      }
      return received.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void aSecretSplitAcrossWritesIsMaskedOnTheOriginalDescriptor() throws Exception {
    write("pw=pumped-s3");
    write("cr3t-value\n");
    assertThat(awaitReceived("pw=***\n")).isEqualTo("pw=***\n");
  }

  @Test
  void finishWritesOutWhatWasInThePipeIncludingAHeldTailThenDropsTheRest() throws Exception {
    write("line one\n");
    write("ends with the start of a secret: pumped-s3cr");
    pump.finish(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
    assertThat(awaitReceived("pumped-s3cr"))
        .isEqualTo("line one\nends with the start of a secret: pumped-s3cr");

    // After the final flush: dropped, never printed unmasked, and never blocking the writer
    // (1 MiB is far more than a pipe holds).
    Thread writer =
        new Thread(
            () -> {
              try {
                write("3t-value and the rest\n");
                write("x".repeat(1 << 20));
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    writer.start();
    writer.join(10_000);
    assertThat(writer.isAlive()).as("a writer after the final flush does not block").isFalse();
    posix.close(stdout[1]);
    stdout[1] = -1;
    pumpThread.join(10_000);
    assertThat(pumpThread.isAlive()).as("the pump ends when every writer has closed").isFalse();
    synchronized (received) {
      assertThat(received.toString(StandardCharsets.UTF_8))
          .isEqualTo("line one\nends with the start of a secret: pumped-s3cr");
    }
  }
}
