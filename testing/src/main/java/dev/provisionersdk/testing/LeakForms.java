package dev.provisionersdk.testing;

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
 * JSON (short escapes or {@code \}{@code u00XX} for control characters, non-ASCII characters raw or
 * as {@code \}{@code uXXXX}, either hex case, HTML characters escaped the way Go and Gson do,
 * {@code /} as {@code \/}); URL-encoded; XML-escaped; single-quoted for a shell ({@code '\''} or
 * {@code '"'"'}) or escaped inside double quotes; 16 consecutive base64 characters that encode the
 * value's bytes alone, at any byte offset, in either alphabet, also when the base64 is wrapped
 * across lines; or any of these inside base64 that decodes to it, once or twice ({@link
 * Base64Runs}).
 *
 * <p>Stateless; thread-safe.
 */
final class LeakForms {
  /** Shorter runs of base64 could occur by chance in a large output. */
  static final int BASE64_WINDOW = 16;

  /** Shorter values, and shorter forms, are not searched for. */
  static final int MINIMUM_LENGTH = 4;

  /** How many layers of base64 the check decodes (base64 of JSON that holds base64). */
  static final int BASE64_DEPTH = 2;

  private static final Pattern ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}|\\\\u[0-9A-Fa-f]{4}");

  /** The characters Go's encoding/json escapes by default; Gson also escapes {@code = '}. */
  private static final String GO_HTML = "<>&";

  private static final String GSON_HTML = "<>&='";

  private LeakForms() {}

  /** Where a secret leaked: its index in the list checked, and how. */
  record Leak(int secret, String how) {}

  /** One form of one secret, as the Latin-1 string of its UTF-8 bytes. */
  private record Form(String bytes, int secret, String how) {}

  /**
   * Returns the first leak of any of the secrets in the output, without showing a value.
   *
   * @param secrets the secret values
   * @param output the output
   * @return the leak found, or empty
   */
  static Optional<Leak> find(List<String> secrets, String output) {
    Map<Long, List<Form>> formsByPrefix = new HashMap<>();
    for (int i = 0; i < secrets.size(); i++) {
      for (String text : textForms(secrets.get(i))) {
        add(
            formsByPrefix,
            new Form(bytes(text), i, "as text (raw, truncated, a line, or escaped)"));
      }
      for (String window : base64Windows(secrets.get(i))) {
        add(formsByPrefix, new Form(bytes(window), i, "base64-encoded"));
      }
    }
    String layer = bytes(output);
    for (int depth = 0; depth <= BASE64_DEPTH; depth++) {
      String joined = Base64Runs.joinLines(layer);
      // Escapes in mixed hex case (\u001B next to \u003c) are searched for in lower case.
      String[] texts = {layer, joined, lowerCaseEscapes(layer)};
      for (int t = 0; t < texts.length; t++) {
        Optional<Form> form = search(formsByPrefix, texts[t]);
        if (form.isPresent()) {
          String how = form.get().how();
          if (depth > 0) {
            how = "inside base64 decoded " + (depth == 1 ? "once" : "twice") + ", " + how;
          } else if (t == 1) {
            how += " (with line breaks removed)";
          }
          return Optional.of(new Leak(form.get().secret(), how));
        }
      }
      if (depth < BASE64_DEPTH) {
        layer = Base64Runs.decodeAll(joined);
      }
    }
    return Optional.empty();
  }

  private static void add(Map<Long, List<Form>> formsByPrefix, Form form) {
    if (form.bytes().length() >= MINIMUM_LENGTH) {
      formsByPrefix.computeIfAbsent(prefix(form.bytes(), 0), key -> new ArrayList<>()).add(form);
    }
  }

  private static Optional<Form> search(Map<Long, List<Form>> formsByPrefix, String text) {
    for (int start = 0; start + MINIMUM_LENGTH <= text.length(); start++) {
      List<Form> candidates = formsByPrefix.get(prefix(text, start));
      if (candidates != null) {
        for (Form form : candidates) {
          if (text.startsWith(form.bytes(), start)) {
            return Optional.of(form);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The first four characters at {@code start}, all below 256, as one number. */
  private static long prefix(String text, int start) {
    return ((long) text.charAt(start) << 24)
        | ((long) text.charAt(start + 1) << 16)
        | ((long) text.charAt(start + 2) << 8)
        | text.charAt(start + 3);
  }

  /** The text's UTF-8 bytes, one character each, so that decoded base64 compares byte by byte. */
  static String bytes(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  /** The plain variants of a secret: whole, trimmed, truncated by one character, its lines. */
  private static Set<String> plainVariants(String secret) {
    Set<String> plain = new LinkedHashSet<>();
    plain.add(secret);
    String stripped = secret.strip();
    plain.add(stripped);
    if (stripped.length() >= 8) {
      plain.add(stripped.substring(1));
      plain.add(stripped.substring(0, stripped.length() - 1));
    }
    if (secret.contains("\n") || secret.contains("\r")) {
      String lf = secret.replace("\r\n", "\n");
      plain.add(lf);
      plain.add(lf.replace("\n", "\r\n"));
      lf.lines()
          .map(String::strip)
          .filter(line -> line.length() >= MINIMUM_LENGTH)
          .forEach(plain::add);
    }
    plain.removeIf(text -> text.length() < MINIMUM_LENGTH);
    return plain;
  }

  static Set<String> textForms(String secret) {
    Set<String> forms = new LinkedHashSet<>();
    for (String text : plainVariants(secret)) {
      forms.add(text);
      for (String html : new String[] {"", GO_HTML, GSON_HTML}) {
        for (boolean asciiOnly : new boolean[] {false, true}) {
          for (boolean upperCase : new boolean[] {false, true}) {
            String json = json(text, html, asciiOnly, upperCase);
            forms.add(json);
            forms.add(json.replace("/", "\\/"));
          }
        }
      }
      String url = URLEncoder.encode(text, StandardCharsets.UTF_8);
      forms.add(url);
      forms.add(url.replace("+", "%20"));
      forms.add(lowerCaseEscapes(url));
      forms.add(lowerCaseEscapes(url.replace("+", "%20")));
      String xml = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
      forms.add(xml);
      for (String apostrophe : new String[] {"&#39;", "&apos;", "&#x27;"}) {
        forms.add(xml.replace("\"", "&quot;").replace("'", apostrophe));
      }
      forms.add(xml.replace("\"", "&#34;").replace("'", "&#39;"));
      forms.add(text.replace("'", "'\\''"));
      forms.add(text.replace("'", "'\"'\"'"));
      forms.add(doubleQuoted(text));
    }
    forms.removeIf(form -> form.length() < MINIMUM_LENGTH);
    return forms;
  }

  /**
   * The text as the inside of a JSON string, written from RFC 8259: {@code "} and {@code \}
   * escaped, short escapes for {@code \b \f \n \r \t}, other control characters as {@code \}{@code
   * u00XX}; the characters of {@code html} also as {@code \}{@code uXXXX} (Go, Gson); with {@code
   * asciiOnly} every character above {@code 0x7e} too (Python's {@code ensure_ascii}, Jackson's
   * {@code ESCAPE_NON_ASCII}), as UTF-16 units.
   */
  private static String json(String text, String html, boolean asciiOnly, boolean upperCase) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || html.indexOf(c) >= 0 || (asciiOnly && c > 0x7e)) {
            String hex = String.format(Locale.ROOT, "%04x", (int) c);
            out.append("\\u").append(upperCase ? hex.toUpperCase(Locale.ROOT) : hex);
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** The text inside a double-quoted shell word: {@code \ " $ `} escaped with a backslash. */
  private static String doubleQuoted(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if ("\\\"$`".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /** The text with every {@code %XX} and {@code \}{@code uXXXX} escape in lower-case hex. */
  private static String lowerCaseEscapes(String text) {
    Matcher escape = ESCAPE.matcher(text);
    StringBuilder lower = new StringBuilder();
    while (escape.find()) {
      escape.appendReplacement(
          lower, Matcher.quoteReplacement(escape.group().toLowerCase(Locale.ROOT)));
    }
    return escape.appendTail(lower).toString();
  }

  /**
   * Every run of {@value #BASE64_WINDOW} base64 characters determined by the secret's bytes alone,
   * for the three byte offsets the secret can have in a longer blob, in both alphabets. Values of
   * fewer than 12 bytes give shorter runs, down to 8 characters; shorter values are left to the
   * decoding of {@link Base64Runs}.
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
