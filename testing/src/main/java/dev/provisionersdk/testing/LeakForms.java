package dev.provisionersdk.testing;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What counts as a leak of a secret in a run's output, computed here from the encoders' rules and
 * never with the SDK's masking code, so that a gap in the masking shows up as a failure.
 *
 * <p>A secret leaks when the output holds: the value, or the value without its first or last
 * character (a truncated leak); a line (4+ characters) of a multi-line value; the value escaped as
 * JSON (Jackson's escapes, and non-ASCII characters as {@code \}{@code uXXXX} in either hex case);
 * URL-encoded; XML-escaped; single-quoted for a shell ({@code '\''} or {@code '"'"'}); or 16
 * consecutive base64 characters that encode the value's bytes alone, at any byte offset, in either
 * alphabet, also when the base64 is wrapped across lines.
 *
 * <p>Stateless; thread-safe.
 */
final class LeakForms {
  /** Shorter runs of base64 could occur by chance in a large output. */
  static final int BASE64_WINDOW = 16;

  private static final Pattern PERCENT_ESCAPE = Pattern.compile("%[0-9A-F]{2}");

  private LeakForms() {}

  /** Where a secret leaked: its index in the list checked, and how. */
  record Leak(int secret, String how) {}

  /**
   * Returns the first leak of any of the secrets in the output, without showing a value.
   *
   * @param secrets the secret values
   * @param output the output
   * @return the leak found, or empty
   */
  static Optional<Leak> find(List<String> secrets, String output) {
    for (int i = 0; i < secrets.size(); i++) {
      for (String form : textForms(secrets.get(i))) {
        if (output.contains(form)) {
          return Optional.of(new Leak(i, "as text (raw, truncated, a line of it, or escaped)"));
        }
      }
    }
    // Base64: one pass over the output per window length, looking each window up.
    Map<Integer, Map<String, Integer>> windowsByLength = new HashMap<>();
    for (int i = 0; i < secrets.size(); i++) {
      for (String window : base64Windows(secrets.get(i))) {
        windowsByLength.computeIfAbsent(window.length(), length -> new HashMap<>()).put(window, i);
      }
    }
    String joined = output.replaceAll("\r?\n[ \t]*", "");
    for (Map.Entry<Integer, Map<String, Integer>> entry : windowsByLength.entrySet()) {
      int length = entry.getKey();
      for (int start = 0; start + length <= joined.length(); start++) {
        Integer secret = entry.getValue().get(joined.substring(start, start + length));
        if (secret != null) {
          return Optional.of(new Leak(secret, "base64-encoded (possibly wrapped across lines)"));
        }
      }
    }
    return Optional.empty();
  }

  static Set<String> textForms(String secret) {
    Set<String> forms = new LinkedHashSet<>();
    List<String> plain = new ArrayList<>();
    plain.add(secret);
    plain.add(secret.strip());
    if (secret.strip().length() >= 8) {
      plain.add(secret.strip().substring(1));
      plain.add(secret.strip().substring(0, secret.strip().length() - 1));
    }
    if (secret.contains("\n")) {
      secret.lines().map(String::strip).filter(line -> line.length() >= 4).forEach(plain::add);
    }
    for (String text : plain) {
      forms.add(text);
      String json = new String(JsonStringEncoder.getInstance().quoteAsString(text));
      forms.add(json);
      forms.add(unicodeEscaped(json, "%04x"));
      forms.add(unicodeEscaped(json, "%04X"));
      String url = URLEncoder.encode(text, StandardCharsets.UTF_8);
      forms.add(url);
      forms.add(url.replace("+", "%20"));
      forms.add(lowerCaseEscapes(url));
      forms.add(lowerCaseEscapes(url.replace("+", "%20")));
      String xml = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
      forms.add(xml.replace("\"", "&quot;").replace("'", "&#39;"));
      forms.add(xml.replace("\"", "&quot;").replace("'", "&apos;"));
      forms.add(text.replace("'", "'\\''"));
      forms.add(text.replace("'", "'\"'\"'"));
    }
    forms.removeIf(form -> form.length() < 4);
    return forms;
  }

  private static String lowerCaseEscapes(String url) {
    Matcher escape = PERCENT_ESCAPE.matcher(url);
    StringBuilder lower = new StringBuilder();
    while (escape.find()) {
      escape.appendReplacement(lower, escape.group().toLowerCase(Locale.ROOT));
    }
    return escape.appendTail(lower).toString();
  }

  /** Escapes every character outside printable ASCII as {@code \}{@code u} and four hex digits. */
  private static String unicodeEscaped(String text, String hexFormat) {
    StringBuilder escaped = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c > 0x7e) {
        escaped.append("\\u").append(String.format(Locale.ROOT, hexFormat, (int) c));
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /**
   * Every run of {@value #BASE64_WINDOW} base64 characters determined by the secret's bytes alone,
   * for the three byte offsets the secret can have in a longer blob, in both alphabets.
   */
  static Set<String> base64Windows(String secret) {
    Set<String> windows = new LinkedHashSet<>();
    List<String> texts = new ArrayList<>();
    texts.add(secret);
    if (secret.contains("\n")) {
      secret.lines().map(String::strip).filter(line -> line.length() >= 8).forEach(texts::add);
    }
    for (String text : texts) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      for (int offset = 0; offset < 3; offset++) {
        byte[] shifted = new byte[offset + bytes.length];
        System.arraycopy(bytes, 0, shifted, offset, bytes.length);
        String encoded = Base64.getEncoder().withoutPadding().encodeToString(shifted);
        int first = (offset * 8 + 5) / 6; // the first character with no bits of the filler
        int end = shifted.length * 8 / 6; // past the last character with all bits from the text
        String own = encoded.substring(Math.min(first, end), end);
        int width = Math.min(BASE64_WINDOW, own.length());
        if (width < 8) {
          continue;
        }
        for (int start = 0; start + width <= own.length(); start++) {
          String window = own.substring(start, start + width);
          windows.add(window);
          windows.add(window.replace('+', '-').replace('/', '_'));
        }
      }
    }
    return windows;
  }
}
