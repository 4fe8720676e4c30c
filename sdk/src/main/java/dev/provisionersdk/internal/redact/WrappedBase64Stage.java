package dev.provisionersdk.internal.redact;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The second stage of a {@link RedactingOutputStream}, after {@link DecodingStage}: masks the
 * base64 forms of secrets that line breaks split, as PEM ({@code openssl base64}, 64 columns), MIME
 * and GNU {@code base64} without {@code -w0} (76 columns) print them. The last stage, the stream's
 * own matcher, then sees everything else.
 *
 * <p><b>Which breaks are ignored.</b> A line <i>qualifies</i> when it is, after at most {@value
 * #MAX_INDENT} spaces or tabs, a run of {@value #MIN_WIDTH}–{@value #MAX_WIDTH} base64 characters
 * (either alphabet) whose length is a multiple of 4, ended by LF or CRLF: every wrapping base64
 * encoder writes such lines. The automaton of base64 fragments reads the characters of consecutive
 * qualifying lines (and of the line after them) as one run, skipping the breaks and indentation, so
 * a secret's base64 is found wherever the breaks fall. Each matched piece of a line is replaced by
 * {@code ***}; the breaks stay.
 *
 * <p><b>Cost.</b> Only qualifying lines, the lines that continue a partial match, and the last,
 * incomplete line of a write are fed to the automaton; other lines are skipped to their line feed.
 * Bytes are held back only while they may be part of a match, as in the last stage.
 *
 * <p>A value registered while its wrapped base64 is half written is found from the next write on.
 * Not thread-safe: its stream serialises calls.
 */
final class WrappedBase64Stage {
  static final int MIN_WIDTH = 16;
  static final int MAX_WIDTH = 128;
  static final int MAX_INDENT = 32;

  private static final int LINE_START = 0;
  private static final int IN_RUN = 1;
  private static final int AFTER_CR = 2;
  private static final int SKIP_LINE = 3;

  private final StreamBytes.Sink next;
  private final Redactor redactor;
  private final Automaton.MatchSink sink = this::onMatch;

  /** The redactor's version the state below belongs to. */
  private int version;

  /** Fetched (and built) on the first line that needs it; {@code null} until then. */
  private Automaton automaton;

  private final Automaton.Cursor cursor = new Automaton.Cursor();

  /** What is held back, by stream position (every byte written counts). */
  private final StreamBytes stream = new StreamBytes();

  /** Bytes before this stream position were passed on. */
  private long emitted;

  /** Characters fed to the automaton so far (its positions). */
  private long fed;

  /** Fed runs still needed to map automaton positions to stream positions. */
  private long[] segmentFed = new long[8];

  private long[] segmentStream = new long[8];
  private int[] segmentLength = new int[8];
  private int segmentCount;

  /** Matched stream ranges not yet passed on, sorted and disjoint. */
  private long[] maskStart = new long[8];

  private long[] maskEnd = new long[8];
  private int maskCount;

  private int lineState = LINE_START;
  private int indent;
  private int run;

  /** Stream position where the current run began. */
  private long runStart;

  /** Whether the current run's characters have been fed so far. */
  private boolean feeding;

  /** Whether the last line qualified and a partial match continues onto this one. */
  private boolean continuing;

  WrappedBase64Stage(StreamBytes.Sink next, Redactor redactor) {
    this.next = next;
    this.redactor = redactor;
  }

  /** Masks and passes on bytes, holding back those that may be part of a wrapped match. */
  void write(byte[] bytes, int offset, int length) throws IOException {
    int current = redactor.version();
    if (current != version) {
      version = current;
      endRun(); // partial matches of the old automaton no longer mean anything
      automaton = null;
      if (lineState == IN_RUN || lineState == AFTER_CR) {
        // The line's run was fed as it came and passed on but for a partial match: it cannot be
        // fed again to the new automaton, so the rest of the line is not a wrapped line for it.
        lineState = SKIP_LINE;
      }
    }
    if (current == 0 && emitted == stream.position()) {
      next.write(bytes, offset, length); // nothing registered: nothing to find
      stream.skip(length);
      emitted = stream.position();
      if (length > 0) {
        lineState = bytes[offset + length - 1] == '\n' ? LINE_START : SKIP_LINE;
      }
      return;
    }
    stream.begin(bytes, offset, length);
    scanLines(bytes, offset, offset + length);
    long settled = settled();
    emit(settled);
    stream.keep(settled);
  }

  /** Passes on everything held, masked, and forgets partial matches: the end of the output. */
  void release() throws IOException {
    endRun();
    lineState = LINE_START;
    emit(stream.position());
    stream.keep(stream.position());
  }

  private void scanLines(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to) {
      switch (lineState) {
        case SKIP_LINE -> {
          i = indexOfLineFeed(bytes, i, to);
          if (i < to) {
            i++;
            startLine();
          }
        }
        case LINE_START -> {
          int b = bytes[i] & 0xff;
          if (b == ' ' || b == '\t') {
            if (++indent > MAX_INDENT) {
              skipLine();
            }
            i++;
          } else if (Base64Runs.BASE64[b]) {
            lineState = IN_RUN;
            run = 0;
            runStart = stream.positionOf(i);
            feeding = continuing;
          } else if (b == '\r') {
            lineState = AFTER_CR;
            run = 0;
            i++;
          } else if (b == '\n') {
            endRun();
            i++;
            startLine();
          } else {
            skipLine();
          }
        }
        case IN_RUN -> i = scanRun(bytes, i, to);
        case AFTER_CR -> {
          if (bytes[i] == '\n') {
            i++;
            endLine();
          } else {
            endRun(); // a lone CR: progress output, and the start of a new line
            startLine();
          }
        }
        default -> throw new IllegalStateException("line state " + lineState);
      }
    }
    if ((lineState == IN_RUN || lineState == AFTER_CR) && !feeding && run <= MAX_WIDTH) {
      // The write ends inside a line that may still qualify: feed its run now, so that only a
      // partial match, not the whole line, has to be held back.
      feed(runStart, runStart + run);
      feeding = true;
    }
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LINE_FEEDS = 0x0A0A0A0A0A0A0A0AL;

  /**
   * The index of the first line feed in {@code bytes[from, to)}, or {@code to}: eight bytes at a
   * time (a byte of {@code word ^ LINE_FEEDS} is zero exactly where a line feed is), since most
   * lines are skipped whole.
   */
  static int indexOfLineFeed(byte[] bytes, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long word = (long) LONGS.get(bytes, i) ^ LINE_FEEDS;
      long zeros = (word - ONES) & ~word & HIGHS;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    while (i < to && bytes[i] != '\n') {
      i++;
    }
    return i;
  }

  /** Reads base64 characters from {@code i}; returns where the run stopped. */
  private int scanRun(byte[] bytes, int i, int to) {
    int j = i;
    while (j < to && Base64Runs.BASE64[bytes[j] & 0xff]) {
      j++;
    }
    if (feeding) {
      feed(stream.positionOf(i), stream.positionOf(j));
    }
    run += j - i;
    if (feeding && run > MAX_WIDTH && cursorDepth() == 0) {
      skipLine(); // too long to be wrapped, and no partial match to finish
      return j;
    }
    if (j == to) {
      return j;
    }
    byte b = bytes[j];
    if (b == '\n') {
      endLine();
      return j + 1;
    }
    if (b == '\r') {
      lineState = AFTER_CR;
      return j + 1;
    }
    skipLine();
    return j;
  }

  /** A line feed ended a line whose base64 run is {@code run} characters long. */
  private void endLine() {
    boolean qualifies = run >= MIN_WIDTH && run <= MAX_WIDTH && run % 4 == 0;
    if (qualifies) {
      if (!feeding) {
        feed(runStart, runStart + run);
      }
      continuing = cursorDepth() > 0;
      if (!continuing) {
        clearSegments();
      }
    } else {
      endRun();
    }
    startLine();
  }

  private void startLine() {
    lineState = LINE_START;
    indent = 0;
    run = 0;
    feeding = false;
  }

  private void skipLine() {
    endRun();
    lineState = SKIP_LINE;
  }

  /** No partial match can continue: forget it, so everything held may be passed on. */
  private void endRun() {
    continuing = false;
    feeding = false;
    cursor.reset();
    clearSegments();
  }

  private void clearSegments() {
    segmentCount = 0;
  }

  private int cursorDepth() {
    return automaton == null ? 0 : automaton.depth(cursor.state);
  }

  private Automaton automaton() {
    if (automaton == null) {
      automaton = redactor.wrappedAutomaton();
    }
    return automaton;
  }

  /** Feeds the stream range [from, to), which lies in the held bytes or the current write. */
  private void feed(long from, long to) {
    if (to <= from) {
      return;
    }
    if (segmentCount == segmentFed.length) {
      segmentFed = Arrays.copyOf(segmentFed, segmentCount * 2);
      segmentStream = Arrays.copyOf(segmentStream, segmentCount * 2);
      segmentLength = Arrays.copyOf(segmentLength, segmentCount * 2);
    }
    segmentFed[segmentCount] = fed;
    segmentStream[segmentCount] = from;
    segmentLength[segmentCount++] = (int) (to - from);
    stream.scan(automaton(), cursor, from, to, fed, sink);
    fed += to - from;
  }

  private void onMatch(long end, int length) {
    long start = end - length;
    for (int s = segmentCount - 1; s >= 0; s--) {
      long segmentEnd = segmentFed[s] + segmentLength[s];
      if (segmentEnd <= start) {
        break;
      }
      long from = Math.max(start, segmentFed[s]);
      long to = Math.min(end, segmentEnd);
      if (from < to) {
        addMask(segmentStream[s] + (from - segmentFed[s]), segmentStream[s] + (to - segmentFed[s]));
      }
    }
  }

  /** Adds a masked stream range, merging it with the ranges it overlaps or touches. */
  private void addMask(long start, long end) {
    int i = 0;
    while (i < maskCount && maskEnd[i] < start) {
      i++;
    }
    int j = i;
    while (j < maskCount && maskStart[j] <= end) {
      start = Math.min(start, maskStart[j]);
      end = Math.max(end, maskEnd[j]);
      j++;
    }
    int removed = j - i;
    if (removed == 0 && maskCount == maskStart.length) {
      maskStart = Arrays.copyOf(maskStart, maskCount * 2);
      maskEnd = Arrays.copyOf(maskEnd, maskCount * 2);
    }
    int shift = 1 - removed;
    System.arraycopy(maskStart, j, maskStart, j + shift, maskCount - j);
    System.arraycopy(maskEnd, j, maskEnd, j + shift, maskCount - j);
    maskStart[i] = start;
    maskEnd[i] = end;
    maskCount += shift;
  }

  /**
   * Everything before the start of the current partial match is final, except a masked range that
   * runs past that start: it is passed on whole, later. Drops the segments before it.
   */
  private long settled() {
    int depth = cursorDepth();
    long settled = stream.position();
    if (depth > 0) {
      long target = fed - depth;
      settled = emitted; // the match began before the oldest segment: hold everything
      int first = 0;
      for (int s = segmentCount - 1; s >= 0; s--) {
        if (segmentFed[s] <= target) {
          settled = segmentStream[s] + (target - segmentFed[s]);
          first = s;
          break;
        }
      }
      if (first > 0) {
        segmentCount -= first;
        System.arraycopy(segmentFed, first, segmentFed, 0, segmentCount);
        System.arraycopy(segmentStream, first, segmentStream, 0, segmentCount);
        System.arraycopy(segmentLength, first, segmentLength, 0, segmentCount);
      }
    }
    for (int m = 0; m < maskCount; m++) {
      if (maskStart[m] < settled && maskEnd[m] > settled) {
        settled = maskStart[m];
      }
    }
    return Math.max(settled, emitted);
  }

  /** Passes on [emitted, settled), each masked range as one replacement. */
  private void emit(long settled) throws IOException {
    while (emitted < settled) {
      if (maskCount > 0 && maskStart[0] <= emitted) {
        next.write(Redactor.REPLACEMENT_BYTES, 0, Redactor.REPLACEMENT_BYTES.length);
        emitted = maskEnd[0];
        maskCount--;
        System.arraycopy(maskStart, 1, maskStart, 0, maskCount);
        System.arraycopy(maskEnd, 1, maskEnd, 0, maskCount);
        continue;
      }
      long plainEnd = maskCount > 0 ? Math.min(settled, maskStart[0]) : settled;
      writePlain(emitted, plainEnd);
      emitted = plainEnd;
    }
  }

  private void writePlain(long from, long to) throws IOException {
    stream.copy(from, to, next);
  }
}
