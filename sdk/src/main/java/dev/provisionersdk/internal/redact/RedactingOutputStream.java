package dev.provisionersdk.internal.redact;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * An output stream that replaces every form of every value registered with a {@link Redactor} by
 * {@value Redactor#REPLACEMENT} before the bytes reach the target, however the writes are chunked:
 * byte by byte, or split inside a secret or inside a UTF-8 code point.
 *
 * <p><b>Holding back.</b> After each {@code write}, everything is passed on except the shortest
 * tail that is still the beginning of some secret's form (at most the longest form's length, so
 * memory stays bounded on a line of any length). A tail that cannot start a secret, such as a
 * progress line ending in {@code \r}, goes out at once.
 *
 * <p><b>{@code flush()} versus {@code release()}.</b> {@link #flush()} flushes what has been passed
 * on but keeps the held tail: a {@code PrintStream} with autoflush (like {@code System.out})
 * flushes after every {@code print}, and releasing the tail there would print the first half of a
 * secret written in two calls. {@link #release()} (end of a run) and {@link #close()} write the
 * tail out.
 *
 * <p><b>Overlaps.</b> Where matches overlap or nest, their union is replaced by one {@value
 * Redactor#REPLACEMENT}; output that is already masked stays the same when masked again.
 *
 * <p>Each stream has its own matching state; several streams may share one {@link Redactor}. A
 * value registered while a stream is in use is masked from the stream's next write on, including in
 * the tail it still holds. Subprocess output can be piped through an instance of this class to get
 * the same masking as {@code System.out}.
 *
 * <p>Thread-safe: writes are serialised.
 */
public final class RedactingOutputStream extends OutputStream {
  private static final byte[] REPLACEMENT = Redactor.REPLACEMENT_BYTES;

  private final OutputStream target;
  private final Redactor redactor;
  private final Automaton.MatchSink sink = this::onMatch;
  private final WrappedBase64Stage wrapped;
  private final DecodingStage decoding;

  private Automaton automaton = Automaton.EMPTY;
  private final Automaton.Cursor cursor = new Automaton.Cursor();

  /**
   * The bytes not yet written out and the tail that may still start a match, by stream position
   * (every byte written so far counts).
   */
  private final StreamBytes stream = new StreamBytes();

  /** Everything before this position has been written to the target (masked or not). */
  private long emitted;

  /** The end of the last masked range written out; the range can still grow while it is open. */
  private long maskEnd = -1;

  /**
   * Matched ranges not yet written out, disjoint and sorted: a queue at the front, a stack at the
   * back.
   */
  private long[] rangeStart = new long[8];

  private long[] rangeEnd = new long[8];
  private int rangeHead;
  private int rangeCount;

  /**
   * Creates a masking stream.
   *
   * @param target where masked bytes go
   * @param redactor the values to mask
   */
  public RedactingOutputStream(OutputStream target, Redactor redactor) {
    this.target = Objects.requireNonNull(target, "target");
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    this.wrapped = new WrappedBase64Stage(this::mask, redactor);
    this.decoding = new DecodingStage(wrapped::write, redactor);
  }

  @Override
  public synchronized void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  /**
   * Masks and passes on {@code bytes}, holding back a tail that may be the start of a secret.
   *
   * @throws IOException if the target fails
   */
  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    decoding.write(bytes, offset, length);
  }

  /** The last stage: every form, on what the wrapped-base64 stage passes on. */
  private void mask(byte[] chunk, int offset, int length) throws IOException {
    Automaton current = redactor.automaton();
    if (current != automaton) {
      rescan(current);
    }
    long start = stream.begin(chunk, offset, length);
    automaton.scan(cursor, chunk, offset, offset + length, start, sink);
    long settled = stream.position() - automaton.depth(cursor.state);
    drain(settled);
    stream.keep(Math.min(emitted, settled));
  }

  /**
   * Flushes the target. Bytes held back because they may start a secret stay held (see the class
   * comment); use {@link #release()} to write them out.
   *
   * @throws IOException if the target fails
   */
  @Override
  public synchronized void flush() throws IOException {
    target.flush();
  }

  /**
   * Writes out everything held, masked, then flushes the target without closing it. Call when no
   * more output will follow, e.g. at the end of a run; a secret split across a {@code release()} is
   * not recognised.
   *
   * @throws IOException if the target fails
   */
  public synchronized void release() throws IOException {
    decoding.release();
    wrapped.release();
    Automaton current = redactor.automaton();
    if (current != automaton) {
      rescan(current);
    }
    drain(stream.position());
    cursor.reset();
    stream.keep(stream.position());
    target.flush();
  }

  /**
   * Releases everything held, then closes the target.
   *
   * @throws IOException if the target fails
   */
  @Override
  public synchronized void close() throws IOException {
    release();
    target.close();
  }

  private void onMatch(long end, int length) {
    if (end <= emitted) {
      return; // re-read after a late registration, inside output already written
    }
    long start = end - length;
    if (emitted == maskEnd && start < maskEnd) {
      // Overlaps the masked range just written: grow it; every pending range lies inside.
      maskEnd = end;
      emitted = end;
      rangeHead = 0;
      rangeCount = 0;
      return;
    }
    // Only a value registered mid-stream can match bytes already passed on.
    start = Math.max(start, emitted);
    while (rangeCount > rangeHead && rangeEnd[rangeCount - 1] > start) {
      rangeCount--;
      start = Math.min(start, rangeStart[rangeCount]);
    }
    if (rangeCount == rangeStart.length) {
      if (rangeHead > 0) {
        int live = rangeCount - rangeHead;
        System.arraycopy(rangeStart, rangeHead, rangeStart, 0, live);
        System.arraycopy(rangeEnd, rangeHead, rangeEnd, 0, live);
        rangeHead = 0;
        rangeCount = live;
      } else {
        rangeStart = Arrays.copyOf(rangeStart, rangeCount * 2);
        rangeEnd = Arrays.copyOf(rangeEnd, rangeCount * 2);
      }
    }
    rangeStart[rangeCount] = start;
    rangeEnd[rangeCount++] = end;
  }

  /** Writes out everything before {@code settled}: no future match can start before it. */
  private void drain(long settled) throws IOException {
    while (rangeHead < rangeCount && rangeStart[rangeHead] < settled) {
      writePlain(emitted, rangeStart[rangeHead]);
      target.write(REPLACEMENT);
      emitted = rangeEnd[rangeHead];
      maskEnd = emitted;
      rangeHead++;
    }
    if (rangeHead == rangeCount) {
      rangeHead = 0;
      rangeCount = 0;
    }
    long plainEnd = rangeHead < rangeCount ? Math.min(settled, rangeStart[rangeHead]) : settled;
    if (plainEnd > emitted) {
      writePlain(emitted, plainEnd);
      emitted = plainEnd;
    }
  }

  private void writePlain(long from, long to) throws IOException {
    stream.copy(from, to, target::write);
  }

  /** Switches to a newer automaton and re-reads the kept tail with it, from the start state. */
  private void rescan(Automaton current) {
    automaton = current;
    rangeHead = 0;
    rangeCount = 0;
    cursor.reset();
    long from = stream.keptStart();
    stream.scan(current, cursor, from, stream.position(), from, sink);
  }
}
