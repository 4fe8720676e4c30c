package dev.provisionersdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A number binds to an integer type only when it is whole; Jackson alone truncates 12.7 to 12. */
class WholeNumbersTest {
  private final Json json = new Json();

  record Storage(int storageGb, long bytes, Integer replicas, short port, BigInteger big) {}

  record Sizes(List<Integer> sizes, Map<String, Long> limits) {}

  private JsonNode params(String content) {
    return json.parseObject("params.json", content.getBytes(StandardCharsets.UTF_8));
  }

  static Stream<Arguments> fractions() {
    return Stream.of(
        Arguments.of("{\"storageGb\": 12.7}", "$.storageGb: expected a number (int)"),
        Arguments.of("{\"bytes\": 1.5}", "$.bytes: expected a number (long)"),
        Arguments.of("{\"replicas\": 2.25}", "$.replicas: expected a number (Integer)"),
        Arguments.of("{\"port\": 80.5}", "$.port: expected a number (short)"),
        Arguments.of("{\"big\": 1e-3}", "$.big: expected a number (BigInteger)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fractions")
  void aFractionDoesNotBindToAnIntegerType(String content, String message) {
    JsonNode tree = params(content);
    assertThatThrownBy(() -> json.bind("params.json", "$", tree, Storage.class))
        .isInstanceOfSatisfying(
            ProvisionerException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageContaining("params.json " + message);
  }

  @Test
  void fractionsInsideCollectionsAreRefusedToo() {
    assertThatThrownBy(
            () -> json.bind("params.json", "$", params("{\"sizes\": [1, 2.5]}"), Sizes.class))
        .hasMessageContaining("params.json $.sizes[1]: expected a number (Integer)");
    assertThatThrownBy(
            () -> json.bind("params.json", "$", params("{\"limits\": {\"a\": 0.1}}"), Sizes.class))
        .hasMessageContaining("params.json $.limits.a: expected a number (Long)");
  }

  @Test
  void wholeNumbersWrittenAsDecimalsStillBind() {
    Storage storage =
        json.bind(
            "params.json",
            "$",
            params(
                "{\"storageGb\": 12.0, \"bytes\": 1e3, \"replicas\": 3, \"port\": 443,"
                    + " \"big\": 2.0E2}"),
            Storage.class);
    assertThat(storage).isEqualTo(new Storage(12, 1000L, 3, (short) 443, BigInteger.valueOf(200)));
  }

  @Test
  void aFractionForAnIntegerLookupIsRefused() {
    JsonNode tree = params("{\"storage_gb\": 12.7}");
    assertThatThrownBy(
            () -> json.bind("config.json", "$.storage_gb", tree.get("storage_gb"), Integer.class))
        .hasMessageContaining("config.json $.storage_gb: expected a number (Integer)");
    assertThat(json.bind("config.json", "$.d", params("{\"d\": 12.7}").get("d"), Double.class))
        .isEqualTo(12.7);
  }
}
