package dev.provisionersdk.internal.resources;

/**
 * Rewrites a jq program before jackson-jq compiles it, for two things of jq 1.7 its parser lacks:
 * {@code $__loc__} becomes {@code ({"file":"<top-level>","line":N})} (N the line it is on), and a
 * number literal whose text is not what a double or long prints ({@code 5432.0}, {@code 1e2},
 * {@code 3.14159265358979323846}) becomes a call that yields the literal's exact decimal, which jq
 * 1.7 keeps as written. Strings (with their interpolations) and comments are left alone.
 *
 * <p>Stateless and thread-safe.
 */
final class JqSource {
  /** The function a rewritten literal calls; defined by {@link JqProgram}. */
  static final String LITERAL_FUNCTION = "_sdk_literal";

  private JqSource() {}

  /**
   * Rewrites a program.
   *
   * @param program jq source
   * @return the source jackson-jq compiles
   */
  static String rewrite(String program) {
    StringBuilder out = new StringBuilder(program.length() + 16);
    int line = 1;
    int depth = 0; // interpolation nesting: > 0 inside "\( ... )" code
    int[] parens = new int[64];
    boolean inString = false;
    int i = 0;
    while (i < program.length()) {
      char c = program.charAt(i);
      if (inString) {
        if (c == '\\' && i + 1 < program.length()) {
          if (program.charAt(i + 1) == '(' && depth < parens.length) {
            out.append("\\(");
            i += 2;
            parens[depth++] = 0;
            inString = false;
            continue;
          }
          out.append(c).append(program.charAt(i + 1));
          i += 2;
          continue;
        }
        if (c == '"') {
          inString = false;
        } else if (c == '\n') {
          line++;
        }
        out.append(c);
        i++;
        continue;
      }
      if (c == '"') {
        inString = true;
        out.append(c);
        i++;
      } else if (c == '#') {
        int end = program.indexOf('\n', i);
        end = end < 0 ? program.length() : end;
        out.append(program, i, end);
        i = end;
      } else if (c == '\n') {
        line++;
        out.append(c);
        i++;
      } else if (depth > 0 && c == '(') {
        parens[depth - 1]++;
        out.append(c);
        i++;
      } else if (depth > 0 && c == ')') {
        if (parens[depth - 1] == 0) {
          depth--;
          inString = true;
        } else {
          parens[depth - 1]--;
        }
        out.append(c);
        i++;
      } else if (c == '$' && program.startsWith("$__loc__", i) && !nameAt(program, i + 8)) {
        out.append("({\"file\":\"<top-level>\",\"line\":").append(line).append("})");
        i += 8;
      } else if (Character.isDigit(c) && (i == 0 || !identifierAt(program, i - 1))) {
        int end = numberEnd(program, i);
        String literal = program.substring(i, end);
        out.append(exactAsDouble(literal) ? literal : LITERAL_FUNCTION + "(\"" + literal + "\")");
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static boolean identifierAt(String text, int index) {
    if (index < 0 || index >= text.length()) {
      return false;
    }
    char c = text.charAt(index);
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@' || c == '.';
  }

  private static boolean nameAt(String text, int index) {
    return index < text.length()
        && (Character.isLetterOrDigit(text.charAt(index)) || text.charAt(index) == '_');
  }

  private static int numberEnd(String text, int start) {
    int i = start;
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      i++;
    }
    if (i + 1 < text.length() && text.charAt(i) == '.' && Character.isDigit(text.charAt(i + 1))) {
      i++;
      while (i < text.length() && Character.isDigit(text.charAt(i))) {
        i++;
      }
    } else if (i < text.length() && text.charAt(i) == '.' && !identifierAt(text, i + 1)) {
      i++; // "1." is a number in jq
    }
    if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < text.length() && (text.charAt(j) == '+' || text.charAt(j) == '-')) {
        j++;
      }
      if (j < text.length() && Character.isDigit(text.charAt(j))) {
        while (j < text.length() && Character.isDigit(text.charAt(j))) {
          j++;
        }
        i = j;
      }
    }
    return i;
  }

  /** Whether jackson-jq's own reading of the literal prints the same text. */
  private static boolean exactAsDouble(String literal) {
    return literal.chars().allMatch(Character::isDigit) && literal.length() <= 15;
  }
}
