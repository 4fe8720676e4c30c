package dev.provisionersdk.internal.redact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * An output stream that replaces every value registered with a {@link Redactor} before the bytes
 * reach the target, however the writes are chunked.
 *
 * <p>Bytes are held back only while they could still be the start of a registered value; {@link
 * #flush()} flushes what is released but keeps such a tail, because {@code PrintStream} flushes
 * after every write and a secret split over two writes must still be masked. {@link #release()} and
 * {@link #close()} write the tail out.
 *
 * <p>Thread-safe: writes are serialised.
 */
public final class RedactingOutputStream extends OutputStream {
  private final OutputStream target;
  private final Redactor redactor;
  private byte[] pending = new byte[0];

  /**
   * Creates a masking stream.
   *
   * @param target where masked bytes go
   * @param redactor the values to mask
   */
  public RedactingOutputStream(OutputStream target, Redactor redactor) {
    this.target = Objects.requireNonNull(target, "target");
    this.redactor = Objects.requireNonNull(redactor, "redactor");
  }

  @Override
  public synchronized void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    byte[] buffer = Arrays.copyOf(pending, pending.length + length);
    System.arraycopy(bytes, offset, buffer, pending.length, length);
    pending = drain(buffer, false);
  }

  /** Flushes what has been released; a tail that may start a secret stays held. */
  @Override
  public synchronized void flush() throws IOException {
    target.flush();
  }

  /**
   * Writes out everything held, then flushes the target without closing it. Call when no more
   * output will follow, e.g. at the end of a run.
   *
   * @throws IOException if the target fails
   */
  public synchronized void release() throws IOException {
    pending = drain(pending, true);
    target.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    release();
    target.close();
  }

  /**
   * Writes the masked form of {@code buffer} to the target and returns the tail that must be held
   * back (empty when {@code endOfInput}).
   */
  private byte[] drain(byte[] buffer, boolean endOfInput) throws IOException {
    byte[][] patterns = redactor.snapshot();
    ByteArrayOutputStream out = new ByteArrayOutputStream(buffer.length);
    int position = 0;
    int plainStart = 0;
    while (position < buffer.length) {
      int matched = 0;
      boolean couldStillMatch = false;
      for (byte[] pattern : patterns) {
        int available = buffer.length - position;
        if (available >= pattern.length) {
          if (matched == 0 && regionEquals(buffer, position, pattern, pattern.length)) {
            matched = pattern.length;
          }
        } else if (!endOfInput && regionEquals(buffer, position, pattern, available)) {
          couldStillMatch = true;
        }
      }
      if (couldStillMatch) {
        // A longer secret may still complete here: hold everything from this position on.
        break;
      }
      if (matched > 0) {
        out.write(buffer, plainStart, position - plainStart);
        out.write(Redactor.REPLACEMENT_BYTES);
        position += matched;
        plainStart = position;
      } else {
        position++;
      }
    }
    out.write(buffer, plainStart, position - plainStart);
    out.writeTo(target);
    return Arrays.copyOfRange(buffer, position, buffer.length);
  }

  private static boolean regionEquals(byte[] buffer, int offset, byte[] pattern, int length) {
    return Arrays.equals(buffer, offset, offset + length, pattern, 0, length);
  }
}
