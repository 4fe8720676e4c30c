package dev.provisionersdk.examples.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The YAML the extra-vars file holds. That Ansible reads it back as the same values is checked with
 * the real Ansible in {@code AnsiblePlaybookIT.inputsReachThePlaybookVerbatimAndAreNeverEvaluated}.
 */
class UnsafeYamlTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of("a string is tagged unsafe", "\"{{ x }}\"", "!unsafe \"{{ x }}\""),
        Arguments.of(
            "quotes and backslashes are escaped", "\"a\\\"b\\\\c\"", "!unsafe \"a\\\"b\\\\c\""),
        Arguments.of(
            "control characters are escaped",
            "\"a\\nb\\tc\\u0000\"",
            "!unsafe \"a\\u000ab\\u0009c\\u0000\""),
        Arguments.of(
            "characters YAML folds or refuses are escaped",
            "\"\\u007f\\u0085\\u2028\\u2029\\ufeff\\uffff\"",
            "!unsafe \"\\u007f\\u0085\\u2028\\u2029\\ufeff\\uffff\""),
        Arguments.of("other characters stay", "\"é 😀 ä\"", "!unsafe \"é 😀 ä\""),
        Arguments.of("whole numbers stay", "42", "42"),
        Arguments.of("other numbers are floats", "2.5", "!!float \"2.5\""),
        Arguments.of("exponents are floats too", "1e22", "!!float \"1.0E22\""),
        Arguments.of("booleans and null stay", "[true, false, null]", "[true, false, null]"),
        Arguments.of(
            "keys are quoted, values tagged",
            "{\"a b\": {\"c\": [\"d\"]}, \"e\": {}}",
            "{\"a b\": {\"c\": [!unsafe \"d\"]}, \"e\": {}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void writesFlowStyleYamlWithEveryStringUnsafe(String reason, String json, String yaml)
      throws Exception {
    assertThat(UnsafeYaml.write(MAPPER.readTree(json))).isEqualTo(yaml);
  }
}
