package dev.provisionersdk.internal.redact;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tests' own decoder, written independently of the stage: removes every line break, JSON escape
 * of one, indentation and JSON array separator from a text, decodes every run of 6 or more base64
 * characters at each alignment, and does the same again on what it decoded, to a depth of three.
 * Reports whether a needle (a secret, a line of one, or its JSON escape) comes back.
 */
final class DecodingJudge {
  private static final Pattern BREAKS =
      Pattern.compile("(\\\\r)?\\\\n[ \\t]*|\\r?\\n[ \\t]*|\",\\s*\"");
  private static final Pattern RUN = Pattern.compile("[A-Za-z0-9+/_-]{6,}");

  private DecodingJudge() {}

  /** The needles that must not come back: the value, its lines and their JSON escapes. */
  static List<String> needles(String secret) {
    List<String> needles = new ArrayList<>();
    for (String variant : SecretForms.plainVariants(secret)) {
      needles.add(variant);
      needles.add(SecretForms.jsonEscaped(variant));
    }
    return needles;
  }

  /** A needle that {@code text} shows, as it is or decoded, or {@code null}. */
  static String recovered(String text, List<String> needles) {
    for (String needle : needles) {
      if (text.contains(needle)) {
        return needle;
      }
    }
    // Decoded bytes are read as ISO-8859-1, one char a byte: compare with the needles' UTF-8 bytes.
    List<String> bytes = latin1(needles);
    int found = decodedIndex(text, bytes, 1);
    return found < 0 ? null : needles.get(found);
  }

  private static int decodedIndex(String text, List<String> needles, int depth) {
    Matcher run = RUN.matcher(BREAKS.matcher(text).replaceAll(""));
    while (run.find()) {
      String characters = run.group().replace('-', '+').replace('_', '/');
      for (int alignment = 0; alignment < 4; alignment++) {
        String aligned = characters.substring(alignment);
        aligned = aligned.substring(0, aligned.length() - (aligned.length() % 4 == 1 ? 1 : 0));
        aligned += "==".substring(0, (4 - aligned.length() % 4) % 4);
        String decoded =
            new String(Base64.getDecoder().decode(aligned), StandardCharsets.ISO_8859_1);
        for (int n = 0; n < needles.size(); n++) {
          if (decoded.contains(needles.get(n))) {
            return n;
          }
        }
        if (depth < 3) {
          int found = decodedIndex(decoded, needles, depth + 1);
          if (found >= 0) {
            return found;
          }
        }
      }
    }
    return -1;
  }

  private static List<String> latin1(List<String> needles) {
    List<String> bytes = new ArrayList<>(needles.size());
    for (String needle : needles) {
      bytes.add(new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }
    return bytes;
  }
}
