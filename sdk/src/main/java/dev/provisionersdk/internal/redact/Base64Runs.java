package dev.provisionersdk.internal.redact;

import java.io.IOException;

/**
 * Finds runs of base64 in a byte sequence, for {@link DecodingStage}: a <i>piece</i> is a maximal
 * sequence of base64 characters (standard or URL-safe alphabet) with its {@code =} padding; a
 * <i>run</i> begins with a piece of at least {@value #MIN_RUN} characters and continues across a
 * <i>break</i> — LF, CRLF, or the JSON escapes {@code \n} and {@code \r\n} (escaped again, too, as
 * JSON inside a JSON string shows them), then at most {@value #MAX_INDENT} spaces or tabs — onto
 * the next piece that ends as a line does ({@link #wholePiece}), as long as the piece before the
 * break is unpadded and at least {@value #LONG_PIECE} characters long (wrapping encoders write 64
 * or 76 columns; the length need not be a multiple of 4, since bytes glued before the base64 shift
 * every line alike, and a decoding at each alignment undoes that). Whatever precedes the first
 * piece on its line (a label such as {@code tls.key: } or {@code "stdout": "}) is not part of the
 * run. The elements of a JSON array of lines ({@code "…", "…"}, as Ansible's {@code stdout_lines})
 * are joined the same way. A piece that follows a JSON escape ({@code \n}, {@code \r}, {@code \t})
 * starts after the escape's letter.
 *
 * <p>The reader is resumable: {@link #read} reads what it can of the bytes given and keeps its
 * state; called again with the same array grown at the end (or moved, see {@link #rebase}), it goes
 * on where it stopped, so that the runs found never depend on how the input was split. Cost:
 * outside runs, one byte in about {@value #MIN_RUN} is looked at (a run's first piece must cover
 * the byte {@value #MIN_RUN} − 1 places after any position it starts at), or in more where the
 * registered forms allow a longer first piece ({@link #shortestUsefulDecoding}).
 *
 * <p>Not thread-safe.
 */
final class Base64Runs {
  /**
   * Runs shorter than this are word-sized: decoded at their start only ({@link DecodedSecrets}).
   */
  static final int MIN_PIECE = 16;

  /**
   * The shortest piece a run continues after. Shorter lines are not joined, so that a line ending
   * in an ordinary long word is not held back waiting for the next line; {@link WrappedBase64Stage}
   * still joins lines of 16–128 characters for the base64 forms.
   */
  static final int LONG_PIECE = 40;

  /** The shortest piece that is a run: the base64 of 6 bytes ({@code "u:"} and a 4-byte secret). */
  static final int MIN_RUN = 8;

  /**
   * How many characters of a piece after a break are looked at to tell a wrapped line from a word
   * (see {@link #wholePiece}): a longer piece is a line whatever follows it.
   */
  static final int LOOKAHEAD = 256;

  /** The most backslashes of an escaped line break: escaped as JSON escapes it, up to 3 times. */
  static final int MAX_ESCAPES = 7;

  /** The most spaces or tabs after a break, before the next piece. */
  static final int MAX_INDENT = 32;

  /**
   * Base64 characters, both alphabets, without {@code =}; shared with {@link WrappedBase64Stage}.
   */
  static final boolean[] BASE64 = new boolean[256];

  static {
    for (char c = 'A'; c <= 'Z'; c++) {
      BASE64[c] = true;
      BASE64[Character.toLowerCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      BASE64[c] = true;
    }
    for (char c : new char[] {'+', '/', '-', '_'}) {
      BASE64[c] = true;
    }
  }

  /**
   * What a reader reports, in order. Indices are into the array given to {@link #read}. An {@code
   * IOException} from a listener (passing bytes on) ends the {@link #read} it was called from.
   */
  interface Listener {
    /** A piece of a run begins at {@code start} (the first of a run: a run begins). */
    void pieceStarted(int start) throws IOException;

    /** Base64 characters of the current piece, {@code bytes[from, to)}, without padding. */
    void characters(byte[] bytes, int from, int to) throws IOException;

    /** The current piece ends before {@code end} (after its padding, if any). */
    void pieceEnded(int end) throws IOException;

    /** The current run ends with its last piece, before {@code end}. */
    void runEnded(int end) throws IOException;
  }

  private static final int OUTSIDE = 0;
  private static final int PIECE = 1;
  private static final int PADDING = 2;
  private static final int BREAK = 3;

  /** What {@link #continuation} returns when the bytes end before it can decide. */
  private static final int UNDECIDED = -1;

  /** What {@link #continuation} returns when the run does not go on. */
  private static final int ENDED = -2;

  private final Listener listener;
  private final boolean wordsEndRuns;

  /** The shortest first piece of a run, from {@link #MIN_RUN} to {@link #LONG_PIECE}. */
  private int minimumRun = MIN_RUN;

  private int state = OUTSIDE;
  private int next;
  private int pieceLength;
  private int lastPieceEnd;
  private byte before;

  /**
   * @param wordsEndRuns whether a run ends before a line that begins with a word rather than a
   *     piece (see {@link #wholePiece}): true where later stages see what this reader leaves
   *     unmasked, false for decoded bytes, where what follows a piece may be bytes decoded from the
   *     wrong alignment
   */
  Base64Runs(Listener listener, boolean wordsEndRuns) {
    this.listener = listener;
    this.wordsEndRuns = wordsEndRuns;
  }

  /**
   * Sets the shortest first piece of a run to the fewest base64 characters that decode to {@code
   * bytes} bytes, within {@link #MIN_RUN} and {@link #LONG_PIECE}: a shorter piece, alone in its
   * run, decodes to too few bytes to hold any pattern that long, at any depth; a run of several
   * pieces starts with one of at least {@link #LONG_PIECE} characters. Fewer runs are found, and
   * the reader probes one byte in that many outside them.
   */
  void shortestUsefulDecoding(int bytes) {
    long characters = ((long) bytes * 4 + 2) / 3;
    minimumRun = (int) Math.max(MIN_RUN, Math.min(LONG_PIECE, characters));
  }

  /** Whether a run is open (its bytes are still needed). */
  boolean inRun() {
    return state != OUTSIDE;
  }

  /** The index the next {@link #read} starts at; outside a run, nothing before it is needed. */
  int next() {
    return next;
  }

  /**
   * Tells the reader that the array lost its first {@code dropped} bytes (it keeps indices in
   * step), the last of which was {@code lastDropped}.
   */
  void rebase(int dropped, byte lastDropped) {
    if (dropped > 0) {
      next -= dropped;
      lastPieceEnd -= dropped;
      before = lastDropped;
    }
  }

  /**
   * Reads {@code bytes[next(), to)}. Unless {@code atEnd}, stops where the bytes end before it can
   * decide (inside a piece, a break, or a short candidate piece); with {@code atEnd}, the input
   * ends at {@code to} and every open run is ended.
   */
  void read(byte[] bytes, int to, boolean atEnd) throws IOException {
    int i = next;
    while (true) {
      switch (state) {
        case OUTSIDE -> {
          int start = findPiece(bytes, i, to);
          if (start < 0) {
            next = atEnd ? to : -start - 1;
            return;
          }
          state = PIECE;
          pieceLength = 0;
          listener.pieceStarted(start);
          i = start;
        }
        case PIECE -> {
          int j = i;
          while (j < to && BASE64[bytes[j] & 0xff]) {
            j++;
          }
          if (j > i) {
            listener.characters(bytes, i, j);
            pieceLength += j - i;
          }
          i = j;
          if (j == to && !atEnd) {
            next = i;
            return;
          }
          if (j < to && bytes[j] == '=') {
            state = PADDING;
          } else {
            endPiece(j);
            i = j;
          }
        }
        case PADDING -> {
          int j = i;
          while (j < to && bytes[j] == '=') {
            j++;
          }
          if (j == to && !atEnd) {
            next = j;
            return;
          }
          listener.pieceEnded(j);
          endRun(j);
          i = j;
        }
        case BREAK -> {
          int start = continuation(bytes, i, to, atEnd);
          if (start == UNDECIDED && !atEnd) {
            next = i;
            return;
          }
          if (start < 0) {
            endRun(lastPieceEnd);
            i = lastPieceEnd;
          } else {
            state = PIECE;
            pieceLength = 0;
            listener.pieceStarted(start);
            i = start;
          }
        }
        default -> throw new IllegalStateException("state " + state);
      }
      if (i >= to && state == OUTSIDE) {
        next = to;
        return;
      }
    }
  }

  private void endPiece(int end) throws IOException {
    listener.pieceEnded(end);
    if (pieceLength >= LONG_PIECE) {
      state = BREAK;
      lastPieceEnd = end;
    } else {
      endRun(end);
    }
  }

  private void endRun(int end) throws IOException {
    listener.runEnded(end);
    state = OUTSIDE;
    lastPieceEnd = end;
  }

  /**
   * The start of the first piece of at least {@link #MIN_RUN} characters in {@code bytes[from,
   * to)}, or {@code -h - 1} when there is none yet, {@code h} being the index from which the bytes
   * must be kept (the trailing base64 characters, which may grow into one).
   */
  private int findPiece(byte[] bytes, int from, int to) {
    int i = from;
    while (true) {
      int probe = i + minimumRun - 1;
      if (probe >= to) {
        int hold = to;
        while (hold > i && BASE64[bytes[hold - 1] & 0xff]) {
          hold--;
        }
        return -hold - 1;
      }
      if (!BASE64[bytes[probe] & 0xff]) {
        i = probe + 1;
        continue;
      }
      int start = probe;
      while (start > i && BASE64[bytes[start - 1] & 0xff]) {
        start--;
      }
      if (afterEscape(bytes, start)) {
        start++;
      }
      int end = probe + 1;
      while (end < to && end - start < minimumRun && BASE64[bytes[end] & 0xff]) {
        end++;
      }
      if (end - start >= minimumRun) {
        return start;
      }
      if (end == to) {
        return -start - 1;
      }
      i = end;
    }
  }

  /** Whether {@code bytes[start]} is the letter of a JSON escape ({@code \n}, {@code \r}, ...). */
  private boolean afterEscape(byte[] bytes, int start) {
    byte previous = start > 0 ? bytes[start - 1] : before;
    byte letter = bytes[start];
    return previous == '\\' && (letter == 'n' || letter == 'r' || letter == 't');
  }

  /**
   * After a piece that a run may continue from, ending at {@code i}: the start of the next piece
   * when a break and at most {@link #MAX_INDENT} spaces or tabs lead to one; else {@link #ENDED},
   * or {@link #UNDECIDED} when the bytes end first.
   */
  private int continuation(byte[] bytes, int i, int to, boolean atEnd) {
    int j = i;
    if (j >= to) {
      return UNDECIDED;
    }
    switch (bytes[j]) {
      case '"' -> {
        // The next element of a JSON array of lines (Ansible's stdout_lines): `", "`, `",\n  "`.
        if (j + 1 >= to) {
          return UNDECIDED;
        }
        if (bytes[j + 1] != ',') {
          return ENDED;
        }
        j += 2;
        int space = 0;
        while (j < to
            && (bytes[j] == ' ' || bytes[j] == '\t' || bytes[j] == '\n' || bytes[j] == '\r')) {
          if (++space > MAX_INDENT) {
            return ENDED;
          }
          j++;
        }
        if (j >= to) {
          return UNDECIDED;
        }
        if (bytes[j] != '"') {
          return ENDED;
        }
        return wholePiece(bytes, j + 1, to, atEnd);
      }
      case '\n' -> j++;
      case '\r' -> {
        if (j + 1 >= to) {
          return UNDECIDED;
        }
        if (bytes[j + 1] != '\n') {
          return ENDED;
        }
        j += 2;
      }
      case '\\' -> {
        int escaped = escapedBreak(bytes, j, to);
        if (escaped < 0) {
          return escaped;
        }
        j = escaped;
      }
      default -> {
        return ENDED;
      }
    }
    int indent = 0;
    while (j < to && (bytes[j] == ' ' || bytes[j] == '\t')) {
      if (++indent > MAX_INDENT) {
        return ENDED;
      }
      j++;
    }
    return wholePiece(bytes, j, to, atEnd);
  }

  /**
   * After the escaped line break that begins at {@code bytes[i]} ({@code \\n} or {@code \\r\\n},
   * escaped once as JSON escapes it, or again, up to {@value #MAX_ESCAPES} backslashes, as JSON
   * printed inside a JSON string escapes it): the index after it; else {@link #ENDED}, or {@link
   * #UNDECIDED} when the bytes end first.
   */
  private static int escapedBreak(byte[] bytes, int i, int to) {
    int backslashes = 0;
    int j = i;
    while (j < to && bytes[j] == '\\') {
      if (++backslashes > MAX_ESCAPES) {
        return ENDED;
      }
      j++;
    }
    if (j >= to) {
      return UNDECIDED;
    }
    if (bytes[j] == 'n') {
      return j + 1;
    }
    if (bytes[j] != 'r') {
      return ENDED;
    }
    for (int k = 1; k <= backslashes + 1; k++) {
      if (j + k >= to) {
        return UNDECIDED;
      }
      byte expected = k <= backslashes ? (byte) '\\' : (byte) 'n';
      if (bytes[j + k] != expected) {
        return ENDED;
      }
    }
    return j + backslashes + 2;
  }

  /**
   * {@code start} when a piece begins there that ends where a wrapped line of base64 ends (see
   * {@link #endsLine}) or is at least {@value #LOOKAHEAD} characters long; else {@link #ENDED}, or
   * {@link #UNDECIDED} when the bytes end first (also at {@code start} itself). A line that begins
   * with a few base64 characters glued to other text ({@code pässwörd}, {@code p@ss}) is a word,
   * not the run's next line: were it joined and masked, the stages after this one would see the
   * rest of the word without its start, and a secret that is that word would go through unmasked.
   */
  private int wholePiece(byte[] bytes, int start, int to, boolean atEnd) {
    if (start >= to) {
      return UNDECIDED;
    }
    if (!wordsEndRuns) {
      return BASE64[bytes[start] & 0xff] ? start : ENDED;
    }
    int j = start;
    while (j < to && BASE64[bytes[j] & 0xff]) {
      if (j - start >= LOOKAHEAD) {
        return start;
      }
      j++;
    }
    if (j == start) {
      return ENDED;
    }
    if (j == to) {
      return atEnd ? start : UNDECIDED;
    }
    return endsLine(bytes[j]) ? start : ENDED;
  }

  /**
   * Whether {@code b}, after base64 characters, ends them as a line of wrapped base64 is ended: by
   * padding, a control character (a line break, a tab, an ANSI escape), a space, a quote, the
   * backslash of a JSON escape, or the punctuation that closes a value in JSON, YAML, XML or code.
   * Generous on purpose: a last line wrongly left out of a run can hide the end of a secret from
   * the decoding, while one wrongly joined is only masked with the run.
   */
  private static boolean endsLine(byte b) {
    if (b >= 0 && b < ' ' || b == 0x7f) {
      return true; // a control character: a break, a tab, or an ANSI escape (colour) after a line
    }
    return switch (b) {
      case '=', ' ', '"', '\'', '\\', ',', ';', '<', '>', '}', ']', ')', '`' -> true;
      default -> false;
    };
  }
}
