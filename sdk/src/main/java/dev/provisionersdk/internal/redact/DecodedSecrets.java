package dev.provisionersdk.internal.redact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Whether base64 text decodes to something that holds a secret: the text is decoded at each of the
 * four alignments (whatever preceded the base64 on the run's first line, the decoded bytes of one
 * of them are right), each result is searched for every form of every registered value, and the
 * runs of base64 it holds ({@link Base64Runs}: base64 of JSON holding base64, of a PEM, of YAML)
 * are searched the same way, to {@value #MAX_DEPTH} decodings in all.
 *
 * <p>Both alphabets are read, and may be mixed; {@code =} and other characters are not expected
 * (runs hand over their base64 characters only). Keeps buffers from call to call: one per stream,
 * not thread-safe.
 */
final class DecodedSecrets {
  /** How many decodings deep a secret is looked for: base64 of JSON of base64 of JSON of base64. */
  static final int MAX_DEPTH = 3;

  /**
   * Runs shorter than this many characters are decoded only if they look like base64 (see {@link
   * #looksLikeBase64}); longer ones always are.
   */
  static final int SHORT_RUN = 48;

  private static final int[] VALUES = new int[256];

  static {
    Arrays.fill(VALUES, -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = i;
    }
    VALUES['-'] = 62;
    VALUES['_'] = 63;
  }

  /** Buffers reused from run to run, one set per depth. */
  private final Level[] levels = new Level[MAX_DEPTH + 1];

  /**
   * Whether {@code characters[from, to)}, base64 characters only, decode (at any alignment, at any
   * depth up to {@link #MAX_DEPTH}) to bytes that hold a match of {@code automaton}. A short run
   * that does not look like base64 is not decoded: see {@link #looksLikeBase64}.
   */
  boolean holdsSecret(Automaton automaton, byte[] characters, int from, int to) {
    if (automaton.patternCount() == 0
        || tooShortForAnyPattern(automaton, to - from)
        || to - from < SHORT_RUN && !looksLikeBase64(characters, from, to)) {
      return false;
    }
    // A word-sized run is decoded at its start only, where a piece that short almost always begins.
    int alignments = to - from < Base64Runs.MIN_PIECE ? 1 : 4;
    return search(automaton, characters, from, to, 1, alignments);
  }

  /**
   * Whether {@code count} base64 characters decode to fewer bytes than the shortest pattern: then
   * no decoding of them holds one, at any depth, since each decoding only shortens.
   */
  private static boolean tooShortForAnyPattern(Automaton automaton, int count) {
    return (long) count * 3 / 4 < automaton.shortestPattern();
  }

  private Level level(int depth) {
    Level level = levels[depth];
    if (level == null) {
      level = levels[depth] = new Level(depth);
    }
    return level;
  }

  /**
   * Whether a short run has an upper-case letter and a lower-case letter or digit, as base64 of 12
   * or more bytes of text or binary almost always has; paths, host names, hex digests, ids and
   * words in ordinary output mostly do not, and are not worth four decodings each.
   */
  static boolean looksLikeBase64(byte[] characters, int from, int to) {
    boolean upper = false;
    boolean other = false;
    for (int i = from; i < to; i++) {
      byte c = characters[i];
      if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
        other = true;
      }
      if (upper && other) {
        return true;
      }
    }
    return false;
  }

  private boolean search(
      Automaton automaton, byte[] characters, int from, int to, int depth, int alignments) {
    Level level = level(depth);
    byte[] decoded = level.decoded((to - from) / 4 * 3 + 3);
    for (int alignment = 0; alignment < alignments && from + alignment < to; alignment++) {
      int length = decode(characters, from + alignment, to, decoded);
      if (level.contains(automaton, decoded, length)) {
        return true;
      }
      if (depth < MAX_DEPTH && level.nestedHoldsSecret(automaton, decoded, length)) {
        return true;
      }
      if (alignment == 0 && isText(decoded, length)) {
        // Base64 of text from the run's first character on: bytes glued before it, or a second
        // base64 string joined at another alignment, would have turned some of it to binary.
        return false;
      }
    }
    return false;
  }

  /**
   * Whether {@code bytes[0, length)} is text: printable ASCII, tabs and line breaks, and
   * well-formed UTF-8 sequences. Base64 decoded at a wrong alignment is not: each byte is then made
   * of bits of two characters, about 3 bytes in 4 of them outside that set.
   */
  static boolean isText(byte[] bytes, int length) {
    int i = 0;
    while (i < length) {
      int b = bytes[i] & 0xff;
      if (b >= 0x20 && b < 0x7f || b == '\n' || b == '\r' || b == '\t') {
        i++;
        continue;
      }
      int continuation =
          b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
      if (continuation < 0) {
        return false;
      }
      for (int k = 1; k <= continuation; k++) {
        if (i + k >= length) {
          return true; // cut at the end of the run: what there is of it is well-formed
        }
        if ((bytes[i + k] & 0xc0) != 0x80) {
          return false;
        }
      }
      i += continuation + 1;
    }
    return true;
  }

  /**
   * Decodes {@code characters[from, to)} into {@code decoded}; a last group of 2 or 3 characters
   * gives 1 or 2 bytes, one of 1 character nothing.
   *
   * @return the number of bytes decoded
   */
  static int decode(byte[] characters, int from, int to, byte[] decoded) {
    int length = 0;
    int i = from;
    for (; i + 4 <= to; i += 4) {
      int bits =
          VALUES[characters[i] & 0xff] << 18
              | VALUES[characters[i + 1] & 0xff] << 12
              | VALUES[characters[i + 2] & 0xff] << 6
              | VALUES[characters[i + 3] & 0xff];
      decoded[length++] = (byte) (bits >> 16);
      decoded[length++] = (byte) (bits >> 8);
      decoded[length++] = (byte) bits;
    }
    int rest = to - i;
    if (rest >= 2) {
      int bits = VALUES[characters[i] & 0xff] << 18 | VALUES[characters[i + 1] & 0xff] << 12;
      if (rest == 3) {
        bits |= VALUES[characters[i + 2] & 0xff] << 6;
      }
      decoded[length++] = (byte) (bits >> 16);
      if (rest == 3) {
        decoded[length++] = (byte) (bits >> 8);
      }
    }
    return length;
  }

  /** The buffers of one depth: decoded bytes, and the runs found in them for the next depth. */
  private final class Level implements Base64Runs.Listener, Automaton.MatchSink {
    private final Base64Runs runs = new Base64Runs(this, false);
    private final Automaton.Cursor cursor = new Automaton.Cursor();
    private final int depth;
    private byte[] decoded = new byte[256];
    private byte[] characters = new byte[256];
    private int count;
    private boolean found;
    private Automaton automaton;

    Level(int depth) {
      this.depth = depth;
    }

    byte[] decoded(int capacity) {
      if (decoded.length < capacity) {
        decoded = new byte[Math.max(capacity, decoded.length * 2)];
      }
      return decoded;
    }

    boolean contains(Automaton automaton, byte[] bytes, int length) {
      found = false;
      cursor.reset();
      automaton.scan(cursor, bytes, 0, length, 0, this);
      return found;
    }

    @Override
    public void match(long end, int length) {
      found = true;
    }

    /** Whether a run in {@code bytes[0, length)} holds a secret, searched one depth further. */
    boolean nestedHoldsSecret(Automaton automaton, byte[] bytes, int length) {
      this.automaton = automaton;
      found = false;
      count = 0;
      try {
        runs.shortestUsefulDecoding(automaton.shortestPattern());
        runs.read(bytes, length, true);
      } catch (IOException e) {
        throw new UncheckedIOException("unreachable: the listener does no I/O", e);
      }
      runs.rebase(length, (byte) 0);
      return found;
    }

    @Override
    public void pieceStarted(int start) {}

    @Override
    public void characters(byte[] bytes, int from, int to) {
      if (count + to - from > characters.length) {
        characters = Arrays.copyOf(characters, Math.max(count + to - from, characters.length * 2));
      }
      System.arraycopy(bytes, from, characters, count, to - from);
      count += to - from;
    }

    @Override
    public void pieceEnded(int end) {}

    @Override
    public void runEnded(int end) {
      if (!found && !tooShortForAnyPattern(automaton, count)) {
        found = search(automaton, characters, 0, count, depth + 1, 4);
      }
      count = 0;
    }
  }
}
