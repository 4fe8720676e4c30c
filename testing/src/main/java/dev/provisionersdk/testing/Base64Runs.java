package dev.provisionersdk.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes every run of base64 in a text back to bytes, so that the leak check finds a secret
 * however it was wrapped or aligned: written from RFC 4648, independently of the SDK's masking.
 *
 * <p>A run is six or more characters of either alphabet ({@code + /} or {@code - _}, also mixed),
 * padded or not ({@code =} ends a run). Line breaks inside a run, real ({@code \n}, {@code \r\n})
 * or JSON-escaped ({@code \n}, {@code \r\n} as two characters), with any indentation after them,
 * are removed first ({@link #joinLines}). Each run is decoded from each of its first four
 * characters, so that a label or other text glued to the first piece, or a second blob joined to
 * the first, does not hide it.
 *
 * <p>Stateless; thread-safe.
 */
final class Base64Runs {
  /** Six characters carry the 4 bytes of the shortest secret searched for. */
  private static final Pattern RUN = Pattern.compile("[A-Za-z0-9+/_-]{6,}");

  private static final Pattern LINE_BREAK =
      Pattern.compile("(?:\r?\n|\r|\\\\r\\\\n|\\\\n|\\\\r)[ \t]*");

  /** Between the decodings of two runs: neither base64 nor a line break, so runs stay apart. */
  private static final char SEPARATOR = '\0';

  private Base64Runs() {}

  /**
   * Removes line breaks, real or JSON-escaped, and the indentation after them.
   *
   * @param text the text
   * @return the text on one line
   */
  static String joinLines(String text) {
    return LINE_BREAK.matcher(text).replaceAll("");
  }

  /**
   * Decodes every base64 run of a text (already joined), at each of four alignments.
   *
   * @param text the text, one character per byte
   * @return the decoded bytes, one character per byte, runs and alignments separated by NUL
   */
  static String decodeAll(String text) {
    StringBuilder decoded = new StringBuilder();
    Matcher run = RUN.matcher(text);
    while (run.find()) {
      for (int alignment = 0;
          alignment < 4 && run.end() - run.start() - alignment >= 6;
          alignment++) {
        decode(text, run.start() + alignment, run.end(), decoded);
        decoded.append(SEPARATOR);
      }
    }
    return decoded.toString();
  }

  /** Appends the bytes of the characters from {@code start} to {@code end}, 6 bits each. */
  private static void decode(String text, int start, int end, StringBuilder out) {
    int bits = 0;
    int count = 0;
    for (int i = start; i < end; i++) {
      bits = (bits << 6) | value(text.charAt(i));
      count += 6;
      if (count >= 8) {
        count -= 8;
        out.append((char) ((bits >> count) & 0xff));
      }
    }
  }

  private static int value(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    } else if (c == '+' || c == '-') {
      return 62;
    } else {
      return 63; // '/' or '_'
    }
  }
}
