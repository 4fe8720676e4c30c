package dev.provisionersdk.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisionersdk.Environments;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskEnvironmentsTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("all runs in a known environment", Environments.all(), "prod", true),
        Arguments.of("all runs where unknown", Environments.all(), null, true),
        Arguments.of(
            "only runs in a listed one", Environments.only("prod", "staging"), "prod", true),
        Arguments.of("only skips an unlisted one", Environments.only("prod"), "dev", false),
        Arguments.of("only skips where unknown", Environments.only("prod"), null, false),
        Arguments.of("except skips a listed one", Environments.except("preview"), "preview", false),
        Arguments.of(
            "except runs in an unlisted one", Environments.except("preview"), "prod", true),
        Arguments.of("except runs where unknown", Environments.except("preview"), null, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decidesWhereATaskRuns(
      String reason, Environments environments, String environment, boolean runs) {
    assertThat(NamedTask.includes(environments, Optional.ofNullable(environment))).isEqualTo(runs);
  }
}
