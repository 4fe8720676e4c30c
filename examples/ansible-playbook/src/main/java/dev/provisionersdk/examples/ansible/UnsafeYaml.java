package dev.provisionersdk.examples.ansible;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Writes a JSON tree as YAML for Ansible, every string tagged {@code !unsafe}.
 *
 * <p>Ansible evaluates Jinja2 in any string variable it uses, so a parameter such as {@code "{{
 * lookup('pipe', 'id') }}"} would run on the controller if it were passed as plain data. Tagged
 * {@code !unsafe}, the platform's inputs reach the playbook as literal text. The output is YAML
 * flow style (JSON with tags), read by Ansible's own loader from {@code -e @file}.
 *
 * <p>Strings are double-quoted with every character that a YAML double-quoted scalar would fold,
 * drop or refuse escaped; whole numbers are written as they are, other numbers as {@code !!float};
 * object keys are plain quoted strings, which Ansible never templates.
 *
 * <p>Stateless and thread-safe.
 */
final class UnsafeYaml {
  private UnsafeYaml() {}

  /**
   * Writes a tree.
   *
   * @param node the value
   * @return its YAML text, one line
   */
  static String write(JsonNode node) {
    StringBuilder out = new StringBuilder();
    append(node, out);
    return out.toString();
  }

  /**
   * Quotes a string as a YAML double-quoted scalar tagged {@code !unsafe}.
   *
   * @param text the string
   * @return e.g. {@code !unsafe "a \"b\""}
   */
  static String unsafe(String text) {
    return "!unsafe " + quote(text);
  }

  private static void append(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        out.append('{');
        String separator = "";
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          out.append(separator).append(quote(field.getKey())).append(": ");
          append(field.getValue(), out);
          separator = ", ";
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(", ");
          }
          append(node.get(i), out);
        }
        out.append(']');
      }
      case NUMBER ->
          out.append(node.isIntegralNumber() ? node.asText() : "!!float " + quote(node.asText()));
      case BOOLEAN -> out.append(node.booleanValue());
      case NULL, MISSING -> out.append("null");
      default -> out.append(unsafe(node.asText()));
    }
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    text.codePoints()
        .forEach(
            codePoint -> {
              if (codePoint == '"' || codePoint == '\\') {
                out.append('\\').appendCodePoint(codePoint);
              } else if (needsEscape(codePoint)) {
                out.append(String.format("\\u%04x", codePoint));
              } else {
                out.appendCodePoint(codePoint);
              }
            });
    return out.append('"').toString();
  }

  /**
   * Control characters (YAML refuses most of them), the characters YAML folds as line breaks
   * (U+0085, U+2028, U+2029), a byte-order mark, unpaired surrogates and the two non-characters.
   */
  private static boolean needsEscape(int codePoint) {
    return codePoint < 0x20
        || (codePoint >= 0x7f && codePoint <= 0x9f)
        || codePoint == 0x2028
        || codePoint == 0x2029
        || codePoint == 0xfeff
        || (codePoint >= 0xd800 && codePoint <= 0xdfff)
        || codePoint == 0xfffe
        || codePoint == 0xffff;
  }
}
