package dev.provisionersdk.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
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
        Arguments.of(" 10s ", Duration.ofSeconds(10)),
        Arguments.of("168h", Duration.ofDays(7)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void parsesDurationsAsPeopleWriteThem(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "5", "5x", "m5", "1.5s", "-5s", "5s1m", "PT5S", "1d"})
  void rejectsEverythingElse(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + "' is not a duration: use e.g. 90s, 5m or 1h30m");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {"168h1ms", "3000000h", "9999999999999999999h", "99999999999999999999999999ms"})
  void rejectsDurationsLongerThanAWeekWithoutOverflowing(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + "' is longer than the maximum of 168h (7 days)");
  }

  @Test
  void wholeSecondsAreBoundedTheSameWay() {
    assertThat(Durations.ofSeconds(BigInteger.valueOf(90))).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> Durations.ofSeconds(new BigInteger("9223372036854775807")))
        .hasMessage("9223372036854775807 seconds is longer than the maximum of 168h (7 days)");
    assertThatThrownBy(() -> Durations.ofSeconds(BigInteger.valueOf(-1)))
        .hasMessage("-1 is negative: use 0 for none");
  }

  @Test
  void waitsInCodeNeverOverflow() {
    assertThat(Durations.nanos(Duration.ofSeconds(Long.MAX_VALUE)))
        .isEqualTo(Duration.ofDays(365L * 50).toNanos());
    assertThat(Durations.nanos(Duration.ofMillis(5))).isEqualTo(5_000_000L);
  }

  @Test
  void formatsBackToTheSameNotation() {
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofNanos(300))).isEqualTo("0ms");
  }
}
