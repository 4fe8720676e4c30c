package dev.provisionersdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisionersdk.DeploymentContext;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Secret;
import dev.provisionersdk.internal.redact.RedactingOutputStream;
import dev.provisionersdk.internal.redact.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LoadedRequestTest {
  @TempDir Path root;
  private final Redactor redactor = new Redactor();

  @BeforeEach
  void bundle() throws IOException {
    Files.createDirectories(root.resolve("bundle/src"));
  }

  private LoadedRequest load() {
    DeploymentContext context =
        EnvironmentContext.fromEnvironment(
            Map.of("MASSDRIVER_DEPLOYMENT_ACTION", "plan", "MASSDRIVER_STEP_PATH", "src"));
    return LoadedRequest.load(context, Map.of(), root, new Json(), redactor);
  }

  private void write(String file, String content) throws IOException {
    Files.writeString(root.resolve(file), content);
  }

  @Test
  void missingFilesReadAsEmptyObjects() {
    LoadedRequest request = load();
    assertThat(request.params()).isEmpty();
    assertThat(request.connections()).isEmpty();
    assertThat(request.config()).isEmpty();
    assertThat(request.envs()).isEmpty();
    assertThat(request.secretNames()).isEmpty();
    assertThat(request.metadata().namePrefix()).isEmpty();
  }

  static Stream<Arguments> configDefaults() {
    return Stream.of(
        Arguments.of("explicit false kept", "{\"checkov\":{\"enable\":false}}", true, false),
        Arguments.of("explicit true kept", "{\"checkov\":{\"enable\":true}}", false, true),
        Arguments.of("absent uses default", "{\"checkov\":{}}", true, true),
        Arguments.of("null uses default", "{\"checkov\":{\"enable\":null}}", true, true),
        Arguments.of("absent parent uses default", "{}", false, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configDefaults")
  void configDefaultAppliesOnlyWhenAbsentOrNull(
      String reason, String config, boolean defaultValue, boolean expected) throws IOException {
    write("config.json", config);
    assertThat(load().config("checkov.enable", Boolean.class, defaultValue)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configLookups")
  void configLookupWithoutDefaultIsEmptyOnlyWhenAbsentOrNull(
      String reason, String config, Optional<String> expected) throws IOException {
    write("config.json", config);
    assertThat(load().config("chart.release", String.class)).isEqualTo(expected);
  }

  static Stream<Arguments> configLookups() {
    return Stream.of(
        Arguments.of("value", "{\"chart\":{\"release\":\"web\"}}", Optional.of("web")),
        Arguments.of("empty string kept", "{\"chart\":{\"release\":\"\"}}", Optional.of("")),
        Arguments.of("null is empty", "{\"chart\":{\"release\":null}}", Optional.empty()),
        Arguments.of("absent is empty", "{\"chart\":{}}", Optional.empty()),
        Arguments.of("absent parent is empty", "{}", Optional.empty()));
  }

  @Test
  void configDefaultMustNotBeNull() throws IOException {
    write("config.json", "{}");
    LoadedRequest request = load();
    assertThatThrownBy(() -> request.config("chart.release", String.class, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("use config(path, type)");
  }

  @Test
  void configValueOfTheWrongTypeNamesItsPath() throws IOException {
    write("config.json", "{\"checkov\":{\"enable\":{\"nested\":1}}}");
    LoadedRequest request = load();
    assertThatThrownBy(() -> request.config("checkov.enable", Boolean.class, true))
        .isInstanceOf(ProvisionerException.class)
        .hasMessageContaining("config.json $.checkov.enable: expected a boolean");
  }

  @Test
  void envsAreAFlatStringMapInFileOrder() throws IOException {
    write("envs.json", "{\"B\":\"two\",\"A\":1,\"C\":{\"x\":true}}");
    assertThat(load().envs())
        .containsExactly(
            Map.entry("B", "two"), Map.entry("A", "1"), Map.entry("C", "{\"x\":true}"));
  }

  @Test
  void secretsAreSecretsAndAreRegisteredForMasking() throws IOException {
    write(
        "secrets.json",
        "{\"password\":\"hunter2-long\",\"json_secret\":{\"user\":\"admin-user\",\"pass\":\"nested-pass\"},\"pin\":\"123\"}");
    LoadedRequest request = load();
    assertThat(request.secretNames()).containsExactly("password", "json_secret", "pin");
    assertThat(request.secret("password")).contains(Secret.of("hunter2-long"));
    assertThat(request.secret("json_secret").orElseThrow().reveal())
        .isEqualTo("{\"user\":\"admin-user\",\"pass\":\"nested-pass\"}");
    assertThat(request.secret("absent")).isEmpty();
    assertThat(redactor.redact("a hunter2-long b admin-user c nested-pass d 123"))
        .isEqualTo("a *** b *** c *** d 123");
  }

  @Test
  void registeredRuntimeSecretIsMasked() {
    LoadedRequest request = load();
    request.registerSecret(Secret.of("obtained-at-runtime"));
    assertThat(redactor.redact("token obtained-at-runtime")).isEqualTo("token ***");
  }

  @Test
  void subprocessOutputPipedThroughTheRunsRedactorIsMasked() throws Exception {
    LoadedRequest request = load();
    request.registerSecret(Secret.of("obtained-at-runtime"));
    Process process =
        new ProcessBuilder(
                List.of(
                    "printf",
                    "token=%s\\nb64=%s\\n",
                    "obtained-at-runtime",
                    "b2J0YWluZWQtYXQtcnVudGltZQ=="))
            .redirectErrorStream(true)
            .start();
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    try (RedactingOutputStream masked = new RedactingOutputStream(target, request.redactor())) {
      process.getInputStream().transferTo(masked);
    }
    assertThat(process.waitFor()).isZero();
    assertThat(target.toString(StandardCharsets.UTF_8))
        .isEqualTo("token=***\nb64=***\n"); // the run decodes to the secret: masked whole
  }

  @Test
  void connectionsKeepBothPayloadShapes() throws IOException {
    write(
        "connections.json",
        "{\"aws\":{\"data\":{\"arn\":\"arn:1\"},\"specs\":{}},\"k8s\":{\"authentication\":{\"server\":\"s\"}}}");
    LoadedRequest request = load();
    assertThat(request.connection("aws").orElseThrow().at("/data/arn").asText()).isEqualTo("arn:1");
    assertThat(request.connection("k8s").orElseThrow().at("/authentication/server").asText())
        .isEqualTo("s");
    assertThat(request.connection("missing")).isEmpty();
  }

  @Test
  void treesAreCopies() throws IOException {
    write("params.json", "{\"a\":1}");
    LoadedRequest request = load();
    ((com.fasterxml.jackson.databind.node.ObjectNode) request.params()).put("a", 2);
    assertThat(request.params().get("a").asInt()).isEqualTo(1);
  }

  @Test
  void exposesTheBundleLayout() throws IOException {
    LoadedRequest request = load();
    assertThat(request.bundleDirectory()).isEqualTo(root.toAbsolutePath().resolve("bundle"));
    assertThat(request.stepDirectory()).isEqualTo(root.toAbsolutePath().resolve("bundle/src"));
    assertThat(request.massdriverYaml()).isEmpty();
    write("bundle/massdriver.yaml", "name: x\n");
    assertThat(load().massdriverYaml())
        .contains(request.bundleDirectory().resolve("massdriver.yaml"));
  }

  @Test
  void missingStepDirectoryIsAnInputError() throws IOException {
    Files.delete(root.resolve("bundle/src"));
    assertThatThrownBy(this::load)
        .isInstanceOf(ProvisionerException.class)
        .hasMessageContaining("step directory")
        .hasMessageContaining("does not exist");
  }

  @Test
  void metadataComesFromParams() throws IOException {
    write(
        "params.json",
        "{\"md_metadata\":{\"name_prefix\":\"p-abc1\",\"default_tags\":{\"md-environment\":\"prod\"}}}");
    LoadedRequest request = load();
    assertThat(request.metadata().namePrefix()).contains("p-abc1");
    assertThat(request.metadata().environment()).contains("prod");
  }

  static Stream<Arguments> javaTimeValues() {
    return Stream.of(
        Arguments.of(
            "duration as in execution",
            "\"1h30m\"",
            java.time.Duration.class,
            java.time.Duration.ofMinutes(90)),
        Arguments.of(
            "duration in milliseconds",
            "\"250ms\"",
            java.time.Duration.class,
            java.time.Duration.ofMillis(250)),
        Arguments.of(
            "duration longer than execution's maximum",
            "\"400h\"",
            java.time.Duration.class,
            java.time.Duration.ofHours(400)),
        Arguments.of(
            "duration in ISO-8601",
            "\"PT2M\"",
            java.time.Duration.class,
            java.time.Duration.ofMinutes(2)),
        Arguments.of(
            "duration as whole seconds",
            "90",
            java.time.Duration.class,
            java.time.Duration.ofSeconds(90)),
        Arguments.of(
            "instant",
            "\"2026-01-31T12:00:00Z\"",
            java.time.Instant.class,
            java.time.Instant.parse("2026-01-31T12:00:00Z")),
        Arguments.of(
            "local date",
            "\"2026-01-31\"",
            java.time.LocalDate.class,
            java.time.LocalDate.of(2026, 1, 31)),
        Arguments.of(
            "offset date-time",
            "\"2026-01-31T12:00:00+01:00\"",
            java.time.OffsetDateTime.class,
            java.time.OffsetDateTime.parse("2026-01-31T12:00:00+01:00")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("javaTimeValues")
  void configBindsJavaTimeTypes(String reason, String json, Class<?> type, Object expected)
      throws IOException {
    write("config.json", "{\"dns\":{\"value\":" + json + "}}");
    Optional<?> value = load().config("dns.value", type);
    assertThat(value).isEqualTo(Optional.of(expected));
  }

  record DnsConfig(java.time.Duration ttl, java.time.Instant notAfter) {}

  @Test
  void aRecordOfTheUsersConfigBindsJavaTimeFields() throws IOException {
    write("config.json", "{\"ttl\":\"5m\",\"notAfter\":\"2027-01-01T00:00:00Z\"}");
    assertThat(load().config(DnsConfig.class))
        .isEqualTo(
            new DnsConfig(
                java.time.Duration.ofMinutes(5), java.time.Instant.parse("2027-01-01T00:00:00Z")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badJavaTimeValues")
  void aMalformedJavaTimeValueFailsAsBadInputNamingThePathAndTheFormat(
      String reason, String json, Class<?> type, String expected) throws IOException {
    write("config.json", "{\"dns\":{\"value\":" + json + "}}");
    assertThatThrownBy(() -> load().config("dns.value", type))
        .isInstanceOf(ProvisionerException.class)
        .matches(e -> ((ProvisionerException) e).isInvalidInput(), "is bad input")
        .hasMessageContaining("$.dns.value")
        .hasMessageContaining(expected)
        .hasMessageNotContaining("five");
  }

  static Stream<Arguments> badJavaTimeValues() {
    return Stream.of(
        Arguments.of("duration", "\"five minutes\"", java.time.Duration.class, "90s, 5m or 1h30m"),
        Arguments.of("instant", "\"five o'clock\"", java.time.Instant.class, "ISO-8601"),
        Arguments.of(
            "date as object", "{\"day\":\"five\"}", java.time.LocalDate.class, "2026-01-31"));
  }

  record Zone(String id, int ttl) {}

  @Test
  void readJsonBindsAToolsOutputWithTheSdksMapper() {
    Zone zone = load().readJson("{\"id\":\"z-1\",\"ttl\":300,\"extra\":true}", Zone.class);
    assertThat(zone).isEqualTo(new Zone("z-1", 300));
    assertThat(load().readJson("[1,2]", com.fasterxml.jackson.databind.JsonNode.class).size())
        .isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badToolOutputs")
  void readJsonOfBadOutputFailsAsAHandlerFailureWithoutShowingTheContent(
      String reason, String output, String expected) {
    assertThatThrownBy(() -> load().readJson(output, Zone.class))
        .isInstanceOf(ProvisionerException.class)
        .matches(e -> ((ProvisionerException) e).exitCode() == 1, "exits 1")
        .matches(e -> !((ProvisionerException) e).isInvalidInput(), "is not bad input")
        .hasMessageContaining(expected)
        .hasMessageNotContaining("tok-s3cret");
  }

  static Stream<Arguments> badToolOutputs() {
    return Stream.of(
        Arguments.of("not JSON", "token=tok-s3cret", "the tool's output line 1"),
        Arguments.of("empty", "", "the tool's output is empty"),
        Arguments.of("wrong shape", "{\"id\":\"tok-s3cret\",\"ttl\":\"x\"}", "$.ttl"));
  }
}
