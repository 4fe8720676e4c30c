package dev.provisionersdk.internal.redact;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The byte sequences one secret value can take in output: the value itself, its trimmed and
 * line-ending variants, every non-empty line of a multi-line value, and each of those in the common
 * encodings a tool or a careless script applies (JSON and HTML-safe JSON escapes, also with every
 * non-ASCII character as a {@code \}{@code uXXXX} escape in either hex case, URL encoding, XML/HTML
 * entities, shell quoting in the bash and {@code shlex.quote} styles, base64 at any byte offset).
 *
 * <p>Stateless; thread-safe.
 */
final class SecretForms {
  private static final Pattern PERCENT_ESCAPE = Pattern.compile("%[0-9A-F]{2}");

  /** The characters Gson's HTML-safe JSON escapes. */
  private static final String GSON_HTML = "<>&='";

  /** The characters Go's encoding/json escapes by default: fewer than Gson's. */
  private static final String GO_HTML = "<>&";

  private SecretForms() {}

  /** The forms of one value: all of them, and the base64 ones among them. */
  record Forms(Set<String> all, Set<String> base64) {}

  /**
   * Returns every form of {@code value}, each derived from a plain variant at least {@link
   * Redactor#MINIMUM_LENGTH} code points long, and separately its base64 forms (for the matcher
   * that reads wrapped base64 across line breaks). Empty when the value itself is too short.
   */
  static Forms of(String value) {
    Set<String> forms = new LinkedHashSet<>();
    Set<String> base64 = new LinkedHashSet<>();
    if (!longEnough(value)) {
      return new Forms(forms, base64);
    }
    for (String variant : plainVariants(value)) {
      forms.add(variant);
      for (String json :
          new String[] {
            jsonEscaped(variant),
            htmlSafeJsonEscaped(variant, GSON_HTML),
            htmlSafeJsonEscaped(variant, GO_HTML)
          }) {
        forms.add(json);
        if (!isAscii(json) || json.contains("\\u")) {
          // Python's json.dumps (ensure_ascii) and Jackson's ESCAPE_NON_ASCII.
          forms.add(nonAsciiEscaped(json, false));
          forms.add(nonAsciiEscaped(json, true));
        }
      }
      forms.addAll(urlEncoded(variant));
      forms.addAll(xmlEscaped(variant));
      forms.add(variant.replace("'", "'\\''"));
      forms.add(variant.replace("'", "'\"'\"'"));
      forms.add(doubleQuoteEscaped(variant));
      base64.addAll(base64Fragments(variant.getBytes(StandardCharsets.UTF_8)));
    }
    forms.addAll(base64);
    forms.removeIf(form -> form.isEmpty());
    return new Forms(forms, base64);
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** The raw value, trimmed, with LF and CRLF line endings, and each non-empty trimmed line. */
  static Set<String> plainVariants(String value) {
    Set<String> variants = new LinkedHashSet<>();
    addIfLongEnough(variants, value);
    addIfLongEnough(variants, value.strip());
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      String lf = value.replace("\r\n", "\n").replace('\r', '\n');
      String crlf = lf.replace("\n", "\r\n");
      for (String text : new String[] {lf, crlf}) {
        addIfLongEnough(variants, text);
        addIfLongEnough(variants, text.strip());
      }
      for (String line : lf.split("\n")) {
        addIfLongEnough(variants, line.strip());
      }
    }
    return variants;
  }

  static boolean longEnough(String value) {
    return value != null && value.codePointCount(0, value.length()) >= Redactor.MINIMUM_LENGTH;
  }

  private static void addIfLongEnough(Set<String> variants, String text) {
    if (longEnough(text)) {
      variants.add(text);
    }
  }

  /** Jackson's escaping: quotes, backslashes and control characters. */
  static String jsonEscaped(String text) {
    return new String(JsonStringEncoder.getInstance().quoteAsString(text));
  }

  /** HTML-safe JSON: Jackson's escaping, and each of {@code html} as {@code \}{@code u00XX}. */
  static String htmlSafeJsonEscaped(String text, String html) {
    StringBuilder escaped = new StringBuilder();
    String json = jsonEscaped(text);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (html.indexOf(c) >= 0) {
        escaped.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /**
   * Escapes every character above {@code 0x7e} of already JSON-escaped text as {@code \}{@code
   * uXXXX} (UTF-16 units, so a character outside the BMP becomes a surrogate pair), in lower- or
   * upper-case hex. Jackson's own escapes of control characters are upper-case; Python writes them
   * in lower case, so those are re-cased too.
   */
  static String nonAsciiEscaped(String json, boolean upperCase) {
    StringBuilder escaped = new StringBuilder(json.length() + 16);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c > 0x7e) {
        String hex = Integer.toHexString(0x10000 | c).substring(1);
        escaped.append("\\u").append(upperCase ? hex.toUpperCase(Locale.ROOT) : hex);
      } else if (c == '\\' && i + 5 < json.length() && json.charAt(i + 1) == 'u') {
        String hex = json.substring(i + 2, i + 6);
        escaped
            .append("\\u")
            .append(upperCase ? hex.toUpperCase(Locale.ROOT) : hex.toLowerCase(Locale.ROOT));
        i += 5;
      } else if (c == '\\' && i + 1 < json.length()) {
        escaped.append(c).append(json.charAt(++i)); // \n, \", \\ ...: never re-cased
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /**
   * {@code URLEncoder}'s form encoding ({@code +} for space) and {@code %20}, in both hex cases.
   */
  static Set<String> urlEncoded(String text) {
    Set<String> forms = new LinkedHashSet<>();
    String plus = URLEncoder.encode(text, StandardCharsets.UTF_8);
    String percent = plus.replace("+", "%20");
    for (String form : new String[] {plus, percent}) {
      forms.add(form);
      forms.add(lowerCaseHex(form));
    }
    return forms;
  }

  private static String lowerCaseHex(String encoded) {
    Matcher matcher = PERCENT_ESCAPE.matcher(encoded);
    StringBuilder lower = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(lower, matcher.group().toLowerCase(Locale.ROOT));
    }
    matcher.appendTail(lower);
    return lower.toString();
  }

  /** XML and HTML entity escapes, with the usual spellings of the quote characters. */
  static Set<String> xmlEscaped(String text) {
    String base = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    Set<String> forms = new LinkedHashSet<>();
    forms.add(base);
    for (String apostrophe : new String[] {"&#39;", "&apos;", "&#x27;"}) {
      forms.add(base.replace("\"", "&quot;").replace("'", apostrophe));
    }
    forms.add(base.replace("\"", "&#34;").replace("'", "&#39;"));
    return forms;
  }

  /** The value as it appears inside a double-quoted shell word. */
  static String doubleQuoteEscaped(String text) {
    StringBuilder escaped = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' || c == '"' || c == '$' || c == '`') {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    return escaped.toString();
  }

  /**
   * The base64 characters that depend only on {@code bytes}, wherever the secret sits in a longer
   * encoded stream: for each of the three byte offsets modulo 3, the characters computed from the
   * secret's bytes alone, standard and URL-safe alphabets. Characters that mix in bytes before or
   * after the secret, and padding, are dropped, so the fragment matches whatever surrounds it.
   */
  static Set<String> base64Fragments(byte[] bytes) {
    Set<String> forms = new LinkedHashSet<>();
    for (int offset = 0; offset < 3; offset++) {
      byte[] shifted = new byte[offset + bytes.length];
      System.arraycopy(bytes, 0, shifted, offset, bytes.length);
      String encoded = Base64.getEncoder().withoutPadding().encodeToString(shifted);
      // A character covers 6 bits; skip those touching the `offset` leading bytes...
      int first = (offset * 8 + 5) / 6;
      // ...and keep only those whose 6 bits all come from the secret.
      int end = (shifted.length * 8) / 6;
      if (end - first < Redactor.MINIMUM_LENGTH) {
        continue;
      }
      String fragment = encoded.substring(first, end);
      forms.add(fragment);
      forms.add(fragment.replace('+', '-').replace('/', '_'));
    }
    return forms;
  }
}
