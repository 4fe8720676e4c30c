package dev.provisionersdk.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisionersdk.Controls;
import dev.provisionersdk.Environments;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExecutionConfigTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }

  @Test
  void configValuesOverrideCodeValues() throws Exception {
    Controls code =
        Controls.builder()
            .timeout(Duration.ofMinutes(1))
            .maxRetries(5)
            .pauseBefore(Duration.ofSeconds(1))
            .build();
    Controls effective =
        ExecutionConfig.from(
                json(
                    "{\"execution\":{\"timeout\":\"30m\",\"max_retries\":2,\"pause_before\":\"10s\","
                        + "\"grace_period\":\"3s\",\"cleanup_timeout\":\"1m\"}}"))
            .forHandler(code);

    assertThat(effective.timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(effective.maxRetries()).isEqualTo(2);
    assertThat(effective.pauseBefore()).isEqualTo(Duration.ofSeconds(10));
    assertThat(effective.gracePeriod()).isEqualTo(Duration.ofSeconds(3));
    assertThat(effective.cleanupTimeout()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void absentKeysKeepCodeValues() throws Exception {
    Controls code = Controls.builder().timeout(Duration.ofMinutes(1)).maxRetries(5).build();
    Controls effective =
        ExecutionConfig.from(json("{\"execution\":{\"max_retries\":\"1\"}}")).forHandler(code);
    assertThat(effective.timeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(effective.maxRetries()).isEqualTo(1);
    assertThat(ExecutionConfig.from(json("{}")).forHandler(code)).isSameAs(code);
  }

  @Test
  void taskEntryAppliesOnTopOfTheBlock() throws Exception {
    ExecutionConfig config =
        ExecutionConfig.from(
            json(
                "{\"execution\":{\"timeout\":\"30m\",\"tasks\":{\"scan\":{\"timeout\":\"5m\",\"only\":[\"prod\"]}}}}"));
    Controls scan = config.forTask("scan", Controls.defaults());
    assertThat(scan.timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.forTask("apply", Controls.defaults())).isEqualTo(Controls.defaults());
    assertThat(config.environmentsForTask("scan", Environments.except("dev")))
        .isEqualTo(Environments.only("prod"));
    assertThat(config.environmentsForTask("apply", Environments.except("dev")))
        .isEqualTo(Environments.except("dev"));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(
            "bad duration", "{\"timeout\":\"5x\"}", "$.execution.timeout: '5x' is not a duration"),
        Arguments.of(
            "duration of wrong type",
            "{\"pause_before\":true}",
            "$.execution.pause_before: expected a duration"),
        Arguments.of(
            "negative retries",
            "{\"max_retries\":-1}",
            "$.execution.max_retries: expected a whole number"),
        Arguments.of("unknown key", "{\"timout\":\"5m\"}", "$.execution.timout: unknown key"),
        Arguments.of("not an object", "\"30m\"", "$.execution: expected an object"),
        Arguments.of(
            "bad task value",
            "{\"tasks\":{\"scan\":{\"timeout\":\"soon\"}}}",
            "$.execution.tasks.scan.timeout: 'soon' is not a duration"),
        Arguments.of(
            "environments for the handler",
            "{\"only\":[\"prod\"]}",
            "$.execution.only: unknown key"),
        Arguments.of(
            "both only and except",
            "{\"tasks\":{\"scan\":{\"only\":\"prod\",\"except\":\"dev\"}}}",
            "$.execution.tasks.scan: give either only or except, not both"),
        Arguments.of(
            "empty environment list",
            "{\"tasks\":{\"scan\":{\"only\":[]}}}",
            "$.execution.tasks.scan.only: expected at least one environment name"),
        Arguments.of(
            "timeout too long",
            "{\"timeout\":\"3000000h\"}",
            "$.execution.timeout: '3000000h' is longer than the maximum of 168h"),
        Arguments.of(
            "seconds past a long",
            "{\"timeout\":9223372036854775807}",
            "$.execution.timeout: 9223372036854775807 seconds is longer than the maximum"),
        Arguments.of(
            "seconds past any long",
            "{\"grace_period\":92233720368547758070}",
            "$.execution.grace_period: 92233720368547758070 seconds is longer than the maximum"),
        Arguments.of(
            "digits past a long",
            "{\"pause_before\":\"9999999999999999999h\"}",
            "$.execution.pause_before: '9999999999999999999h' is longer than the maximum"),
        Arguments.of(
            "negative seconds",
            "{\"cleanup_timeout\":-5}",
            "$.execution.cleanup_timeout: -5 is negative"),
        Arguments.of(
            "task grace too long",
            "{\"tasks\":{\"scan\":{\"grace_period\":\"10000h\"}}}",
            "$.execution.tasks.scan.grace_period: '10000h' is longer than the maximum"),
        Arguments.of(
            "zero cleanup",
            "{\"cleanup_timeout\":\"0s\"}",
            "$.execution.cleanup_timeout: must be more than zero"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedValueIsAnInputErrorNamingTheKey(String reason, String block, String message) {
    assertThatThrownBy(() -> ExecutionConfig.from(json("{\"execution\":" + block + "}")))
        .isInstanceOfSatisfying(
            ProvisionerException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageStartingWith("config.json " + message.substring(0, message.indexOf(':')))
        .hasMessageContaining(message);
  }
}
