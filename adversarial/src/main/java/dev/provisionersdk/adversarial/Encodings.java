package dev.provisionersdk.adversarial;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ways a provisioner or a tool plausibly prints a secret, written here from the encoders'
 * documentation, without the SDK's masking code: what the masker must recognise. Each text is
 * printed whole and at every split point.
 *
 * <p>Stateless; thread-safe.
 */
final class Encodings {
  private static final ObjectMapper JACKSON = new ObjectMapper();
  private static final ObjectMapper JACKSON_ASCII =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  /** Line widths of wrapped base64: PEM and {@code openssl base64} (64), MIME and GNU (76). */
  private static final int[] WRAP_WIDTHS = {64, 76};

  private Encodings() {}

  /**
   * Returns the short encodings of a secret: one line each.
   *
   * @param secret the value
   * @return labelled texts, {@code label: text}
   */
  static List<String> lines(String secret) {
    List<String> texts = new ArrayList<>();
    texts.add("raw: " + secret);
    texts.add("jackson: " + json(JACKSON, secret));
    texts.add("jackson ESCAPE_NON_ASCII: " + json(JACKSON_ASCII, secret));
    texts.add("python json.dumps: " + pythonJsonDumps(secret));
    texts.add("go html-safe: " + goHtmlSafe(secret));
    String url = URLEncoder.encode(secret, StandardCharsets.UTF_8);
    texts.add("url: " + url);
    texts.add("url %20: " + url.replace("+", "%20"));
    texts.add("url lower: " + lowerPercent(url));
    texts.add("xml: " + xml(secret));
    texts.add("bash: echo '" + secret.replace("'", "'\\''") + "'");
    texts.add("shlex.quote: echo '" + secret.replace("'", "'\"'\"'") + "'");
    texts.add("double quotes: echo \"" + doubleQuoted(secret) + "\"");
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    for (int before = 0; before < 3; before++) {
      for (int after = 0; after < 3; after++) {
        byte[] blob = embed(bytes, before, after);
        texts.add(
            "base64 " + before + "/" + after + ": " + Base64.getEncoder().encodeToString(blob));
        texts.add(
            "base64url "
                + before
                + "/"
                + after
                + ": "
                + Base64.getUrlEncoder().withoutPadding().encodeToString(blob));
      }
    }
    return texts;
  }

  /**
   * Returns the secret base64-encoded inside a longer blob and wrapped, the way PEM, MIME and
   * {@code base64} without {@code -w0} print it, once for every position of the line breaks
   * relative to the secret.
   *
   * @param secret the value
   * @return multi-line texts, each ending with a line break
   */
  static List<String> wrapped(String secret) {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    List<String> texts = new ArrayList<>();
    for (int width : WRAP_WIDTHS) {
      // Every phase: a prefix of 0..width*3/4 bytes moves the secret through a whole line.
      for (int before = 0; before < width * 3 / 4; before++) {
        byte[] blob = embed(bytes, before, 5);
        String separator = width == 76 && before % 2 == 1 ? "\r\n" : "\n";
        texts.add(
            Base64.getMimeEncoder(width, separator.getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(blob)
                + separator);
      }
    }
    return texts;
  }

  /**
   * Returns the secret the way tools print it under more than one encoding, none of which the
   * masker can enumerate: wrapped base64 inside the JSON string of Ansible's {@code -v} result (its
   * line breaks as {@code \\n} or {@code \\r\\n} escapes, and the same lines as {@code
   * stdout_lines}), wrapped base64 after a label, and a Kubernetes {@code .dockerconfigjson}:
   * base64 of JSON whose {@code auth} is base64 of {@code user:secret}.
   *
   * @param secret the value
   * @return multi-line texts, each ending with a line break
   */
  static List<String> compositions(String secret) {
    byte[] bytes = embed(secret.getBytes(StandardCharsets.UTF_8), 100, 40);
    List<String> texts = new ArrayList<>();
    for (int width : WRAP_WIDTHS) {
      String stdout = Base64.getMimeEncoder(width, new byte[] {'\n'}).encodeToString(bytes);
      List<String> stdoutLines = List.of(stdout.split("\n"));
      for (String escapedBreak : List.of("\\n", "\\r\\n")) {
        texts.add(
            "ok: [localhost] => {\"changed\": true, \"cmd\": \"base64 -w "
                + width
                + "\", \"rc\": 0, \"stdout\": \""
                + String.join(escapedBreak, stdoutLines)
                + "\", \"stdout_lines\": [\""
                + String.join("\", \"", stdoutLines)
                + "\"]}\n");
      }
      texts.add("tls.key: " + stdout + "\n");
      texts.add("  tls.key: " + stdout.replace("\n", "\r\n    ") + "\r\n");
    }
    String auth =
        Base64.getEncoder()
            .encodeToString(("robot$deploy:" + secret).getBytes(StandardCharsets.UTF_8));
    String dockerConfig =
        "{\"auths\":{\"registry.example.com\":{\"username\":\"robot$deploy\",\"auth\":\""
            + auth
            + "\"}}}";
    texts.add(
        "  .dockerconfigjson: "
            + Base64.getEncoder().encodeToString(dockerConfig.getBytes(StandardCharsets.UTF_8))
            + "\n");
    return texts;
  }

  /** The bytes between {@code before} and {@code after} filler bytes. */
  private static byte[] embed(byte[] secret, int before, int after) {
    byte[] blob = new byte[before + secret.length + after];
    for (int i = 0; i < before; i++) {
      blob[i] = (byte) ('a' + i % 26);
    }
    System.arraycopy(secret, 0, blob, before, secret.length);
    for (int i = 0; i < after; i++) {
      blob[before + secret.length + i] = (byte) ('z' - i % 26);
    }
    return blob;
  }

  private static String json(ObjectMapper mapper, String value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Python's {@code json.dumps} with its default {@code ensure_ascii=True}. */
  static String pythonJsonDumps(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** Go's {@code encoding/json}: HTML characters escaped, everything else as UTF-8. */
  private static String goHtmlSafe(String value) {
    String json = json(JACKSON, value);
    StringBuilder out = new StringBuilder();
    for (char c : json.toCharArray()) {
      if (c == '<' || c == '>' || c == '&') {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String lowerPercent(String url) {
    Matcher escape = Pattern.compile("%[0-9A-F]{2}").matcher(url);
    StringBuilder out = new StringBuilder();
    while (escape.find()) {
      escape.appendReplacement(out, escape.group().toLowerCase(Locale.ROOT));
    }
    return escape.appendTail(out).toString();
  }

  private static String xml(String value) {
    return value
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&apos;");
  }

  private static String doubleQuoted(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c == '\\' || c == '"' || c == '$' || c == '`') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
