package dev.provisionersdk.examples.pulumi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Secret outputs as {@code pulumi stack output --json} marks them: each secret replaced by {@code
 * "[secret]"} where it sits (display.MassageSecrets), at any depth.
 */
class SecretOutputsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static List<String> secrets(String masked, String revealed) throws IOException {
    return SecretOutputs.values(MAPPER.readTree(masked), MAPPER.readTree(revealed));
  }

  @Test
  void aTopLevelSecretIsFound() throws IOException {
    assertThat(
            secrets("{\"a\":\"[secret]\",\"b\":\"plain\"}", "{\"a\":\"s3cr3t-1\",\"b\":\"plain\"}"))
        .containsExactly("s3cr3t-1");
  }

  @Test
  void secretsNestedInObjectsAndListsAreFoundAtAnyDepth() throws IOException {
    String masked =
        "{\"db\":{\"auth\":{\"user\":\"app\",\"password\":\"[secret]\",\"tls\":{\"key\":\"[secret]\"}}},"
            + "\"replicas\":[{\"url\":\"[secret]\"},{\"url\":\"https://public\"}]}";
    String revealed =
        "{\"db\":{\"auth\":{\"user\":\"app\",\"password\":\"pw-77c1\",\"tls\":{\"key\":\"k-9e2a\"}}},"
            + "\"replicas\":[{\"url\":\"https://signed?sig=ab12\"},{\"url\":\"https://public\"}]}";

    assertThat(secrets(masked, revealed))
        .containsExactly("pw-77c1", "k-9e2a", "https://signed?sig=ab12");
  }

  @Test
  void aSecretObjectGivesEveryLeafIncludingNumbers() throws IOException {
    assertThat(
            secrets(
                "{\"admin\":\"[secret]\"}",
                "{\"admin\":{\"user\":\"root\",\"pin\":48213,\"keys\":[\"key-a1\",\"key-b2\"]}}"))
        .containsExactly("root", "48213", "key-a1", "key-b2");
  }

  @Test
  void aValueThatIsLiterallyTheMarkerIsNotASecret() throws IOException {
    assertThat(secrets("{\"note\":\"[secret]\"}", "{\"note\":\"[secret]\"}")).isEmpty();
  }
}
