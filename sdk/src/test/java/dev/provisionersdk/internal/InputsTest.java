package dev.provisionersdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.internal.redact.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading {@code secrets.json}: what gets masked, without building Jackson's mapper. */
class InputsTest {
  @TempDir Path inputs;
  private final Json json = new Json();
  private final Redactor redactor = new Redactor();

  private Inputs load(String secrets) throws IOException {
    Files.writeString(inputs.resolve("secrets.json"), secrets);
    return Inputs.load(inputs, json, redactor);
  }

  @Test
  void nestedObjectsAreMaskedAsLeavesAndAsTheirCompactTextWithoutBuildingTheMapper()
      throws IOException {
    load("{\"sa\": {\"email\": \"deployer@example.iam\", \"ids\": [12345678, \"key-id-9f2c\"]}}");

    assertThat(redactor.redact("e=deployer@example.iam id=key-id-9f2c n=12345678"))
        .isEqualTo("e=*** id=*** n=***");
    // What Secret.reveal() returns for the object, printed whole, is one masked value.
    assertThat(redactor.redact("sa=" + json.compact(json.parseObject("s", bytes(SA)))))
        .isEqualTo("sa=***");
    assertThat(json.mapperBuilt()).as("the ObjectMapper costs ~90 ms of start-up").isFalse();
  }

  @Test
  void readingNestedSecretsLoadsNoObjectMapperInAFreshJvm() throws Exception {
    Files.writeString(inputs.resolve("secrets.json"), "{\"sa\": " + SA + ", \"list\": [1, [2]]}");
    Path log = inputs.resolve("classes.log");
    String classes = FreshJvm.classesLoaded(LoadSecrets.class, inputs.toString(), log);
    assertThat(classes)
        .contains(Inputs.class.getName())
        .doesNotContain("com.fasterxml.jackson.databind.ObjectMapper ");
  }

  /** Loads the inputs of a directory, as the runtime does, in a JVM of its own. */
  static final class LoadSecrets {
    public static void main(String[] args) {
      Redactor redactor = new Redactor();
      Inputs.load(Path.of(args[0]), new Json(), redactor);
      if (!redactor.redact("deployer@example.iam").equals("***")) {
        System.exit(1);
      }
    }
  }

  private static final String SA =
      "{\"email\": \"deployer@example.iam\", \"ids\": [12345678, \"key-id-9f2c\"]}";

  @Test
  void everyValueOfAKeyRepeatedInsideAStringThatHoldsJsonIsMasked() throws IOException {
    load(
        "{\"blob\": \"{\\\"pw\\\": \\\"first-pass-1111\\\", \\\"pw\\\": \\\"second-pass-2222\\\"}\"}");

    assertThat(redactor.redact("first-pass-1111 second-pass-2222")).isEqualTo("*** ***");
  }

  @Test
  void aKeyRepeatedInSecretsJsonIsBadInputNamingTheKeyNotTheValues() {
    assertThatThrownBy(
            () -> load("{\"db_password\": \"first-s3cr3t\", \"db_password\": \"second-s3cr3t\"}"))
        .isInstanceOfSatisfying(
            ProvisionerException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageStartingWith("secrets.json $.db_password: the key appears twice")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
