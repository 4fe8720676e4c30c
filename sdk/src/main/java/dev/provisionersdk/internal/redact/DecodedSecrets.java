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
 * (runs hand over their base64 characters only). Stateless; thread-safe.
 */
final class DecodedSecrets {
  /** How many decodings deep a secret is looked for: base64 of JSON of base64 of JSON of base64. */
  static final int MAX_DEPTH = 3;

  /**
   * The shortest run looked at in decoded bytes: the base64 of 4 bytes, the shortest secret. Short
   * runs are rare in decoded bytes, so this costs little there; in output it would cost a decoding
   * per word.
   */
  static final int NESTED_MIN_PIECE = 6;

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

  private DecodedSecrets() {}

  /**
   * Whether {@code characters[from, to)}, base64 characters only, decode (at any alignment, at any
   * depth up to {@link #MAX_DEPTH}) to bytes that hold a match of {@code automaton}.
   */
  static boolean holdsSecret(Automaton automaton, byte[] characters, int from, int to) {
    return search(automaton, characters, from, to, 1);
  }

  private static boolean search(
      Automaton automaton, byte[] characters, int from, int to, int depth) {
    if (automaton.patternCount() == 0) {
      return false;
    }
    byte[] decoded = new byte[(to - from) / 4 * 3 + 3];
    for (int alignment = 0; alignment < 4 && from + alignment < to; alignment++) {
      int length = decode(characters, from + alignment, to, decoded);
      if (contains(automaton, decoded, length)) {
        return true;
      }
      if (depth < MAX_DEPTH && nestedHoldsSecret(automaton, decoded, length, depth + 1)) {
        return true;
      }
    }
    return false;
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

  private static boolean contains(Automaton automaton, byte[] bytes, int length) {
    Found found = new Found();
    automaton.scan(new Automaton.Cursor(), bytes, 0, length, 0, found);
    return found.found;
  }

  private static boolean nestedHoldsSecret(
      Automaton automaton, byte[] bytes, int length, int depth) {
    Nested nested = new Nested(automaton, depth);
    try {
      new Base64Runs(nested, NESTED_MIN_PIECE).read(bytes, length, true);
    } catch (IOException e) {
      throw new UncheckedIOException("unreachable: the listener does no I/O", e);
    }
    return nested.found;
  }

  /** Records whether a scan matched at all. */
  private static final class Found implements Automaton.MatchSink {
    boolean found;

    @Override
    public void match(long end, int length) {
      found = true;
    }
  }

  /** Collects the characters of each run in decoded bytes and searches them, one level deeper. */
  private static final class Nested implements Base64Runs.Listener {
    private final Automaton automaton;
    private final int depth;
    private byte[] characters = new byte[256];
    private int count;
    boolean found;

    Nested(Automaton automaton, int depth) {
      this.automaton = automaton;
      this.depth = depth;
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
      if (!found) {
        found = search(automaton, characters, 0, count, depth);
      }
      count = 0;
    }
  }
}
