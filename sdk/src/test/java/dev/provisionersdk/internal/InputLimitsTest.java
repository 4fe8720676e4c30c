package dev.provisionersdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.internal.redact.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input files that could hang the run or exhaust its memory fail at once with exit code 2, naming
 * the file and the limit, and never the content; ordinary quirks (empty, missing, a BOM) still
 * read.
 */
class InputLimitsTest {
  @TempDir Path inputs;

  private Inputs load() {
    return Inputs.load(inputs, new Json(), new Redactor());
  }

  private void write(String fileName, String content) throws IOException {
    Files.writeString(inputs.resolve(fileName), content, StandardCharsets.UTF_8);
  }

  private void assertInvalid(String message) {
    assertThatThrownBy(this::load)
        .isInstanceOfSatisfying(
            ProvisionerException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
  }

  /** A named pipe blocks {@code open} until a writer comes: it must be refused, not read. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(InputFile.class)
  @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aNamedPipeInPlaceOfAnInputFileFailsInsteadOfHanging(InputFile file) throws Exception {
    Process mkfifo =
        new ProcessBuilder("mkfifo", inputs.resolve(file.fileName()).toString())
            .inheritIO()
            .start();
    assumeThat(mkfifo.waitFor()).as("mkfifo works here").isZero();

    assertInvalid(file.fileName() + ": not a regular file (a pipe, socket or device)");
  }

  @Test
  void aDirectoryInPlaceOfAnInputFileIsRefused() throws IOException {
    Files.createDirectory(inputs.resolve("params.json"));
    assertInvalid("params.json: not a regular file (a directory)");
  }

  @Test
  void aSymbolicLinkToAFileIsReadAsKubernetesMountsThem() throws IOException {
    Path data = Files.createDirectory(inputs.resolve("..data"));
    Files.writeString(data.resolve("envs.json"), "{\"REGION\": \"us-east-1\"}");
    Files.createSymbolicLink(inputs.resolve("envs.json"), data.resolve("envs.json"));
    assertThat(load().tree(InputFile.ENVS).path("REGION").asText()).isEqualTo("us-east-1");
  }

  @Test
  void aFileOverTheSizeLimitFailsBeforeItIsRead() throws IOException {
    byte[] big = new byte[(int) InputLimits.MAX_FILE_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    Files.write(inputs.resolve("secrets.json"), big);
    assertInvalid("secrets.json: 16777217 bytes, more than the limit of 16777216 (16 MiB)");
  }

  static Stream<Arguments> pastALimit() {
    String deep = "[".repeat(InputLimits.MAX_DEPTH + 1) + "]".repeat(InputLimits.MAX_DEPTH + 1);
    return Stream.of(
        Arguments.of(
            "nesting",
            "{\"a\":\n" + deep + "}",
            "params.json exceeds the input limits: objects and arrays nested more than 100 levels"
                + " deep"),
        Arguments.of(
            "string",
            "{\"a\": \"s3cr3t" + "x".repeat(InputLimits.MAX_STRING_CHARS) + "\"}",
            "params.json exceeds the input limits: a string longer than 1048576 characters"),
        Arguments.of(
            "key",
            "{\"s3cr3t" + "k".repeat(InputLimits.MAX_STRING_CHARS) + "\": 1}",
            "exceeds the input limits: a key longer than 1048576 characters"),
        Arguments.of(
            "number",
            "{\"a\": 1" + "0".repeat(InputLimits.MAX_NUMBER_DIGITS) + "}",
            "exceeds the input limits: a number longer than 1000 digits"),
        Arguments.of(
            "tokens",
            "{\"a\": [" + "0,".repeat((int) InputLimits.MAX_TOKENS) + "0]}",
            "exceeds the input limits: more than 500000 JSON tokens (keys, values and brackets)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pastALimit")
  void contentPastALimitNamesTheLimitNotTheContent(String limit, String content, String message)
      throws IOException {
    write("params.json", content);
    assertInvalid(message);
  }

  @Test
  void moreSecretsThanTheLimitFailBeforeAnyIsRegistered() throws IOException {
    write("secrets.json", secrets(InputLimits.MAX_SECRETS + 1));
    assertInvalid("secrets.json: more than 5000 values (the limit of secrets to mask");
  }

  @Test
  void secretsUpToTheLimitAreRead() throws IOException {
    write("secrets.json", secrets(InputLimits.MAX_SECRETS));
    assertThat(load().tree(InputFile.SECRETS).size()).isEqualTo(InputLimits.MAX_SECRETS);
  }

  /**
   * The report's case: 900,000 values in secrets.json ran out of memory after 48 s. Now it fails on
   * the token limit while parsing, before a single value is registered.
   */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void nineHundredThousandSecretsFailOnATokenLimitInsteadOfExhaustingMemory() throws IOException {
    StringBuilder many = new StringBuilder("{");
    for (int i = 0; i < 900_000; i++) {
      many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
    }
    write("secrets.json", many.append('}').toString()); // 14 MB: under the size limit
    assertInvalid("secrets.json exceeds the input limits: more than 500000 JSON tokens");
  }

  @Test
  void emptyAndMissingFilesReadAsEmptyObjects() throws IOException {
    write("params.json", "");
    write("envs.json", " \n");
    Inputs loaded = load();
    for (InputFile file : InputFile.values()) {
      assertThat(loaded.tree(file)).as(file.fileName()).isEmpty();
    }
  }

  @Test
  void aUtf8ByteOrderMarkIsAccepted() throws IOException {
    Files.write(
        inputs.resolve("config.json"),
        ("\uFEFF{\"replicas\": 3}").getBytes(StandardCharsets.UTF_8));
    assertThat(load().tree(InputFile.CONFIG).path("replicas").asInt()).isEqualTo(3);
  }

  private static String secrets(int count) {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < count; i++) {
      json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"value-").append(i);
      json.append("-long-enough\"");
    }
    return json.append('}').toString();
  }
}
