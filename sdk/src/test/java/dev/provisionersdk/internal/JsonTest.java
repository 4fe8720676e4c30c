package dev.provisionersdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonTest {
  private final Json json = new Json();

  static Stream<Arguments> malformedFiles() {
    return Stream.of(
        Arguments.of(
            "unquoted value", "{\n  \"db\": \"ok\",\n  \"key\": sup3rs3cr3t\n}", "line 3, column"),
        Arguments.of("missing comma", "{\"a\": \"s3cr3t-one\" \"b\": 1}", "line 1, column"),
        Arguments.of("unclosed string", "{\"a\": \"s3cr3t-unclosed", "unexpected end of input"),
        Arguments.of("trailing garbage", "{\"a\": 1} s3cr3t-tail", "line 1, column"),
        Arguments.of("single quotes", "{'a': 's3cr3t-single'}", "line 1, column"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedFiles")
  void malformedFileNamesTheFileAndPositionButNeverItsContent(
      String reason, String content, String expected) {
    assertThatThrownBy(
            () -> json.parseObject("secrets.json", content.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            ProvisionerException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageStartingWith("secrets.json")
        .hasMessageContaining(expected)
        .hasMessageContaining("not shown")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t", "sup3r", "'a'"));
  }

  @Test
  void streamingTreesEqualObjectMappersTrees() throws Exception {
    String document =
        "{\"int\": 42, \"long\": 9000000000, \"big\": 123456789012345678901234567890,"
            + " \"double\": 1.5e3, \"neg\": -0.25, \"t\": true, \"f\": false, \"n\": null,"
            + " \"text\": \"p\\u00e4ss\\nline\", \"nested\": {\"a\": [1, [2, {}], []]}}";
    byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
    assertThat(json.parseObject("params.json", bytes))
        .isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree(bytes));
  }

  @Test
  void compactTextEqualsObjectMappersForEveryKindOfValue() throws Exception {
    String document =
        "{\"int\": 42, \"long\": -9000000000, \"big\": 123456789012345678901234567890,"
            + " \"double\": 1.5e3, \"small\": 1e-7, \"neg\": -0.25, \"t\": true, \"n\": null,"
            + " \"text\": \"p\\u00e4ss \\\"q\\\" \\u0001\\n\\u2028 </script>\","
            + " \"nested\": {\"a\": [1, [2, {}], []], \"odd key\\t\": \"\"}}";
    com.fasterxml.jackson.databind.JsonNode tree =
        json.parseObject("secrets.json", document.getBytes(StandardCharsets.UTF_8));
    String expected = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(tree);
    assertThat(json.compact(tree)).isEqualTo(expected).isEqualTo(tree.toString());
    assertThat(json.compact(tree.get("nested"))).isEqualTo(tree.get("nested").toString());
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "{\"db_password\": \"first-s3cr3t\", \"db_password\": \"second-s3cr3t\"} | $.db_password",
        "{\"a\": {\"b\": [1, {\"k\": 1, \"k\": 2}]}} | $.a.b[1].k",
        "{\"odd key\": 1, \"odd key\": 2} | $[\"odd key\"]"
      })
  void aKeyThatAppearsTwiceIsRejectedNamingItsPathNeverAValue(String content, String path) {
    assertThatThrownBy(
            () -> json.parseObject("secrets.json", content.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            ProvisionerException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageStartingWith("secrets.json " + path + ": the key appears twice")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
  }

  @Test
  void positionIsTheLineAndColumnOfTheError() {
    assertThatThrownBy(
            () ->
                json.parseObject(
                    "config.json", "{\n  \"a\": 1,\n  \"b\" 2\n}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("config.json line 3, column 7")
        .hasMessageContaining("was expecting a colon");
  }

  @ParameterizedTest(name = "top-level {0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"[1,2]", "\"text\"", "42", "null"})
  void nonObjectTopLevelIsRejected(String content) {
    assertThatThrownBy(() -> json.parseObject("params.json", content.getBytes()))
        .isInstanceOf(ProvisionerException.class)
        .hasMessageContaining("params.json: expected a JSON object at the top level");
  }

  @ParameterizedTest(name = "content \"{0}\"")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"", "  \n", "{}"})
  void emptyContentReadsAsEmptyObject(String content) {
    assertThat(json.parseObject("envs.json", content.getBytes())).isEmpty();
  }

  record Database(String name, int replicas, List<String> zones) {}

  record Params(Database database) {}

  static Stream<Arguments> bindingErrors() {
    return Stream.of(
        Arguments.of(
            "string for int",
            "{\"database\":{\"replicas\":\"three-s3cr3t\"}}",
            "$.database.replicas: expected a number (int)"),
        Arguments.of(
            "object for string",
            "{\"database\":{\"name\":{\"x\":1}}}",
            "$.database.name: expected a string"),
        Arguments.of(
            "object in array",
            "{\"database\":{\"zones\":[\"a\",{\"s3cr3t\":1}]}}",
            "$.database.zones[1]: expected a string"),
        Arguments.of(
            "array for object", "{\"database\":[1]}", "$.database: expected an object (Database)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bindingErrors")
  void bindingErrorNamesThePathAndTypeButNotTheValue(
      String reason, String content, String expected) {
    var tree = json.parseObject("params.json", content.getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> json.bind("params.json", "$", tree, Params.class))
        .isInstanceOfSatisfying(
            ProvisionerException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageContaining("params.json " + expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t", "three"));
  }

  @Test
  void recordsBindAndUnknownPropertiesAreIgnored() {
    var tree =
        json.parseObject(
            "params.json",
            "{\"database\":{\"name\":\"db\",\"replicas\":3,\"zones\":[\"a\"],\"extra\":true},\"md_metadata\":{}}"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(json.bind("params.json", "$", tree, Params.class))
        .isEqualTo(new Params(new Database("db", 3, List.of("a"))));
  }

  record Checked(int port) {
    Checked {
      if (port <= 0) {
        throw new IllegalArgumentException("port must be positive");
      }
    }
  }

  @Test
  void constructorRejectionIsAnInputErrorWithTheTypesReason() {
    var tree = json.parseObject("config.json", "{\"port\": -1}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> json.bind("config.json", "$", tree, Checked.class))
        .isInstanceOfSatisfying(
            ProvisionerException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageContaining("config.json $: Checked rejected the value")
        .hasMessageContaining("port must be positive");
  }

  @Test
  void childPathQuotesKeysThatAreNotIdentifiers() {
    assertThat(Json.childPath("simple_key-1")).isEqualTo(".simple_key-1");
    assertThat(Json.childPath("with.dot")).isEqualTo("[\"with.dot\"]");
    assertThat(Json.childPath("q\"uote")).isEqualTo("[\"q\\\"uote\"]");
  }
}
