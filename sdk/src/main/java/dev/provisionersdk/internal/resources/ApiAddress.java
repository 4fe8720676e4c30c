package dev.provisionersdk.internal.resources;

import dev.provisionersdk.internal.redact.Redactor;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * Addresses of the resources API: the base URL as shown in messages (never with its user-info,
 * {@code user:password@}), request URIs built from it, and path segments percent-encoded so that an
 * id can never add a path, a query or a fragment.
 *
 * <p>Stateless and thread-safe.
 */
final class ApiAddress {
  private ApiAddress() {}

  /**
   * Returns the URL without user-info, for messages.
   *
   * @param url the base URL
   * @return e.g. {@code https://api.example.com} for {@code https://user:pw@api.example.com}
   */
  static String shown(URI url) {
    return withoutUserInfo(url).toString();
  }

  /**
   * Registers the user-info of a URL (and its password part) for masking, in case anything else
   * prints the URL.
   *
   * @param url the base URL
   * @param redactor the run's redactor
   */
  static void registerUserInfo(URI url, Redactor redactor) {
    String userInfo = url.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      redactor.register(userInfo);
      int colon = userInfo.indexOf(':');
      if (colon >= 0 && colon + 1 < userInfo.length()) {
        redactor.register(userInfo.substring(colon + 1));
      }
    }
  }

  /**
   * Builds a request URI.
   *
   * @param base the base URL, without a trailing slash
   * @param path an absolute path whose segments were encoded with {@link #segment}
   * @return the URI, without the base URL's user-info
   */
  static URI resolve(URI base, String path) {
    return URI.create(withoutUserInfo(base).toString() + path);
  }

  /**
   * Percent-encodes a path segment: everything but RFC 3986's unreserved characters ({@code A-Z a-z
   * 0-9 - . _ ~}) is encoded, so {@code /}, {@code #}, {@code ?}, {@code %} and spaces stay inside
   * the segment.
   *
   * @param value the segment's text
   * @return the encoded segment
   */
  static String segment(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)));
        out.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private static URI withoutUserInfo(URI url) {
    if (url.getRawUserInfo() == null) {
      return url;
    }
    try {
      return new URI(
          url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null);
    } catch (URISyntaxException e) {
      return URI.create(url.getScheme() + "://" + url.getHost());
    }
  }
}
