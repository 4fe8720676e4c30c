package dev.provisionersdk.examples.noop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Leak checks for the sample inputs, written without the SDK's masking code: the raw and
 * JSON-escaped secrets, every line of the multi-line PEM, and the base64 characters that encode
 * only the database password inside the printed connection string or only the PEM.
 */
final class SampleLeaks {
  private static final String URL_PREFIX = "postgres://app:";

  private SampleLeaks() {}

  private static JsonNode sample(String file) throws IOException {
    return new ObjectMapper().readTree(Path.of("sample", file).toFile());
  }

  private static String password() throws IOException {
    return sample("secrets.json").get("database_password").asText();
  }

  private static String host() throws IOException {
    return sample("envs.json").get("DATABASE_HOST").asText();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The base64 characters whose 6 bits all come from {@code length} bytes at {@code offset}. */
  private static String encodedOnly(String encoded, int offset, int length) {
    return encoded.substring((offset * 8 + 5) / 6, (offset + length) * 8 / 6);
  }

  static void assertNoLeak(String output) throws IOException {
    JsonNode secrets = sample("secrets.json");
    for (JsonNode secret : secrets) {
      String value = secret.asText();
      assertThat(output).doesNotContain(value.strip()).doesNotContain(escape(value.strip()));
      for (String line : value.split("\n")) {
        if (line.strip().length() >= 4) {
          assertThat(output).doesNotContain(line.strip());
        }
      }
    }
    String password = password();
    String url = base64(URL_PREFIX + password + "@" + host() + ":5432/app");
    assertThat(output).doesNotContain(encodedOnly(url, URL_PREFIX.length(), password.length()));
    String pem = secrets.get("tls_private_key").asText();
    String pemEncoded = encodedOnly(base64(pem), 0, pem.length());
    for (int at = 0; at + 40 <= pemEncoded.length(); at += 40) {
      assertThat(output).doesNotContain(pemEncoded.substring(at, at + 40));
    }
  }

  private static String escape(String value) throws IOException {
    String quoted = new ObjectMapper().writeValueAsString(value);
    return quoted.substring(1, quoted.length() - 1);
  }
}
