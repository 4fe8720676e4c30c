package dev.provisionersdk.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shows that the suite catches leaks: a naive masker (String.replace of each secret on each chunk,
 * what many scripts and some CI systems do) fails cases the engine passes.
 */
class NaiveMaskerTest {

  /** Per-chunk, per-secret {@code String.replace}. */
  private static String naive(List<String> secrets, List<String> chunks) {
    StringBuilder out = new StringBuilder();
    for (String chunk : chunks) {
      String masked = chunk;
      for (String secret : secrets) {
        masked = masked.replace(secret, Redactor.REPLACEMENT);
      }
      out.append(masked);
    }
    return out.toString();
  }

  private static String engine(List<String> secrets, List<String> chunks) throws IOException {
    Redactor redactor = new Redactor();
    secrets.forEach(redactor::register);
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    try (RedactingOutputStream stream = new RedactingOutputStream(target, redactor)) {
      for (String chunk : chunks) {
        stream.write(chunk.getBytes(StandardCharsets.UTF_8));
        stream.flush();
      }
    }
    return target.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aSecretSplitAcrossWritesLeaksFromTheNaiveMaskerOnly() throws IOException {
    List<String> secrets = List.of("s3cr3t-pw");
    List<String> chunks = List.of("password=s3cr", "3t-pw\n");

    assertThat(naive(secrets, chunks)).contains("s3cr3t-pw");
    assertThat(engine(secrets, chunks)).isEqualTo("password=***\n");
  }

  @Test
  void aBase64EmbeddedSecretLeaksFromTheNaiveMaskerOnly() throws IOException {
    List<String> secrets = List.of("hunter2-but-much-longer");
    String blob =
        Base64.getEncoder()
            .encodeToString(
                "postgres://admin:hunter2-but-much-longer@db:5432/app"
                    .getBytes(StandardCharsets.UTF_8));
    List<String> chunks = List.of("DATABASE_URL_B64=" + blob + "\n");

    String naive = naive(secrets, chunks);
    assertThat(new String(Base64.getDecoder().decode(naive.substring(17).strip())))
        .contains("hunter2-but-much-longer");
    assertThat(engine(secrets, chunks)).contains("***").doesNotContain(blob);
  }

  @Test
  void overlappingSecretsLeakAPartFromTheNaiveMaskerOnly() throws IOException {
    List<String> secrets = List.of("abcdef12", "ef12ghij");
    List<String> chunks = List.of("xabcdef12ghijx");

    assertThat(naive(secrets, chunks)).isEqualTo("x***ghijx");
    assertThat(engine(secrets, chunks)).isEqualTo("x***x");
  }
}
