package dev.provisionersdk.adversarial;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes texts to a stream whole and then split in two at every byte (inside UTF-8 code points
 * too), flushing and yielding between the halves so that a reader on the other end of a pipe sees
 * the halves in separate reads as often as the scheduler allows. Long texts are split at 8 evenly
 * spaced points instead of every byte.
 *
 * <p>Not thread-safe: one per stream.
 */
final class HostileWriter {
  private static final int EVERY_BYTE_UP_TO = 160;
  private static final int SPLITS_OF_LONG_TEXTS = 8;

  private final OutputStream target;

  HostileWriter(OutputStream target) {
    this.target = target;
  }

  /** Writes each text whole, then once per split point, each time followed by a line break. */
  void writeAll(List<String> texts) {
    for (String text : texts) {
      write(text);
    }
  }

  void write(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      whole(bytes);
      int step = bytes.length <= EVERY_BYTE_UP_TO ? 1 : bytes.length / SPLITS_OF_LONG_TEXTS;
      for (int split = 1; split < bytes.length; split += Math.max(1, step)) {
        target.write(bytes, 0, split);
        target.flush();
        Thread.yield();
        target.write(bytes, split, bytes.length - split);
        newline(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the text one byte per call. */
  void writeByteByByte(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      for (byte b : bytes) {
        target.write(b);
        target.flush();
      }
      newline(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void whole(byte[] bytes) throws IOException {
    target.write(bytes);
    newline(bytes);
  }

  private void newline(byte[] bytes) throws IOException {
    if (bytes.length == 0 || bytes[bytes.length - 1] != '\n') {
      target.write('\n');
    }
    target.flush();
  }
}
