package dev.provisionersdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvironmentsTest {
  @ParameterizedTest(name = "{0}")
  @MethodSource("badNames")
  void rejectsAnEmptyOrBlankList(String reason, String[] names) {
    assertThatThrownBy(() -> Environments.only(names)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Environments.except(names))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> badNames() {
    return Stream.of(
        Arguments.of("no name", (Object) new String[0]),
        Arguments.of("a blank name", (Object) new String[] {"prod", " "}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("descriptions")
  void describesItselfForTheSkipMessage(String reason, Environments environments, String text) {
    assertThat(environments).hasToString(text);
  }

  static Stream<Arguments> descriptions() {
    return Stream.of(
        Arguments.of("all", Environments.all(), "in all environments"),
        Arguments.of(
            "only, sorted", Environments.only("staging", "prod"), "only in [prod, staging]"),
        Arguments.of(
            "except", Environments.except("preview"), "in all environments except [preview]"));
  }
}
