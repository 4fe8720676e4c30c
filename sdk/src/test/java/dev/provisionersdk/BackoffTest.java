package dev.provisionersdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BackoffTest {
  private final Backoff exponential =
      Backoff.exponential(Duration.ofMillis(100), Duration.ofMillis(1000));

  static Stream<Arguments> ceilings() {
    return Stream.of(
        Arguments.of("first retry", 1, 100),
        Arguments.of("second retry doubles", 2, 200),
        Arguments.of("third retry doubles again", 3, 400),
        Arguments.of("capped at max", 5, 1000),
        Arguments.of("stays capped", 40, 1000));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ceilings")
  void exponentialWaitsBetweenHalfAndAllOfItsCeiling(String reason, int retry, long ceiling) {
    for (int i = 0; i < 200; i++) {
      assertThat(exponential.delayBefore(retry).toMillis()).isBetween(ceiling / 2, ceiling);
    }
  }

  @Test
  void exponentialIsJittered() {
    Set<Duration> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      seen.add(exponential.delayBefore(3));
    }
    assertThat(seen).hasSizeGreaterThan(1);
  }

  @Test
  void fixedAndNoneDoNotVary() {
    assertThat(Backoff.fixed(Duration.ofSeconds(2)).delayBefore(7))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(Backoff.none().delayBefore(1)).isZero();
  }

  @Test
  void invalidArgumentsAreRejected() {
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Backoff.fixed(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
