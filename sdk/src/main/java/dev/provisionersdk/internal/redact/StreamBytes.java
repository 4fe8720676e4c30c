package dev.provisionersdk.internal.redact;

import java.io.IOException;

/**
 * The bytes a masking stage still needs, addressed by stream position although they arrive in
 * separate writes: positions [keptStart, chunkStart) kept from earlier writes, and, during a write,
 * [chunkStart, position) in the caller's array, which is read in place and never copied unless
 * kept. Between writes everything is kept ({@code chunkStart == position}).
 *
 * <p>One per stage; not thread-safe (the stage serialises its writes).
 */
final class StreamBytes {
  /** Where a stage passes bytes on: an {@code OutputStream}'s {@code write}, or the next stage. */
  interface Sink {
    void write(byte[] bytes, int offset, int length) throws IOException;
  }

  private byte[] kept = new byte[64];
  private long keptStart;
  private byte[] chunk;
  private int chunkOffset;
  private long chunkStart;
  private long position;

  /** The stream position of the first byte kept from earlier writes. */
  long keptStart() {
    return keptStart;
  }

  /** The stream position after the last byte written so far. */
  long position() {
    return position;
  }

  /**
   * Starts a write: {@code bytes[offset, offset + length)} become stream positions [position,
   * position + length).
   *
   * @return the stream position of {@code bytes[offset]}
   */
  long begin(byte[] bytes, int offset, int length) {
    chunk = bytes;
    chunkOffset = offset;
    chunkStart = position;
    position += length;
    return chunkStart;
  }

  /** Counts a write that was passed on whole, with nothing kept before or after it. */
  void skip(int length) {
    position += length;
    keptStart = position;
    chunkStart = position;
  }

  /** The stream position of {@code bytes[index]} of the current write. */
  long positionOf(int index) {
    return chunkStart + (index - chunkOffset);
  }

  /** Passes positions [from, to) on, in at most two pieces: the kept bytes, then the write's. */
  void copy(long from, long to, Sink sink) throws IOException {
    long start = from;
    if (start < chunkStart && start < to) {
      long end = Math.min(to, chunkStart);
      sink.write(kept, (int) (start - keptStart), (int) (end - start));
      start = end;
    }
    if (start < to) {
      sink.write(chunk, chunkOffset + (int) (start - chunkStart), (int) (to - start));
    }
  }

  /**
   * Scans positions [from, to) with an automaton, in at most two pieces, numbering them for the
   * automaton from {@code scanPosition}.
   */
  void scan(
      Automaton automaton,
      Automaton.Cursor cursor,
      long from,
      long to,
      long scanPosition,
      Automaton.MatchSink sink) {
    long start = from;
    long numbered = scanPosition;
    if (start < chunkStart && start < to) {
      long end = Math.min(to, chunkStart);
      int index = (int) (start - keptStart);
      automaton.scan(cursor, kept, index, index + (int) (end - start), numbered, sink);
      numbered += end - start;
      start = end;
    }
    if (start < to) {
      int index = chunkOffset + (int) (start - chunkStart);
      automaton.scan(cursor, chunk, index, index + (int) (to - start), numbered, sink);
    }
  }

  /** Ends a write: keeps positions [from, position) for the next one, and lets the array go. */
  void keep(long from) {
    int length = (int) (position - from);
    byte[] next = length <= kept.length ? kept : new byte[Math.max(length, kept.length * 2)];
    int copied = 0;
    if (from < chunkStart) {
      // Still in the kept bytes: shift them down (System.arraycopy handles the overlap).
      copied = (int) (Math.min(chunkStart, position) - from);
      System.arraycopy(kept, (int) (from - keptStart), next, 0, copied);
    }
    if (copied < length) {
      int chunkFrom = chunkOffset + (int) (from + copied - chunkStart);
      System.arraycopy(chunk, chunkFrom, next, copied, length - copied);
    }
    kept = next;
    keptStart = from;
    chunkStart = position;
    chunk = null;
  }
}
