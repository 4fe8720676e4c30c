package dev.provisionersdk.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("90s", Duration.ofSeconds(90)),
        Arguments.of("5m", Duration.ofMinutes(5)),
        Arguments.of("1h30m", Duration.ofMinutes(90)),
        Arguments.of("2h", Duration.ofHours(2)),
        Arguments.of("1m30s", Duration.ofSeconds(90)),
        Arguments.of("250ms", Duration.ofMillis(250)),
        Arguments.of("1s500ms", Duration.ofMillis(1500)),
        Arguments.of("0s", Duration.ZERO),
        Arguments.of(" 10s ", Duration.ofSeconds(10)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void parsesDurationsAsPeopleWriteThem(String text, Duration expected) {
    assertThat(Durations.parse(text)).contains(expected);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "5", "5x", "m5", "1.5s", "-5s", "5s1m", "PT5S", "1d"})
  void rejectsEverythingElse(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @Test
  void formatsBackToTheSameNotation() {
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }
}
