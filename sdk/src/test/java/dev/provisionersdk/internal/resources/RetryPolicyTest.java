package dev.provisionersdk.internal.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      RetryPolicy.of(5, Duration.ofMillis(100), Duration.ofMillis(350));

  @Test
  void delaysDoubleFromTheBaseAndStopAtTheCap() {
    assertThat(policy.delayAfter(1, 0.999999))
        .isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
    assertThat(policy.delayAfter(2, 0.999999))
        .isBetween(Duration.ofMillis(199), Duration.ofMillis(200));
    assertThat(policy.delayAfter(3, 0.999999))
        .isBetween(Duration.ofMillis(349), Duration.ofMillis(350));
    assertThat(policy.delayAfter(40, 0.999999))
        .isBetween(Duration.ofMillis(349), Duration.ofMillis(350));
  }

  @Test
  void jitterKeepsEachDelayInTheUpperHalf() {
    assertThat(policy.delayAfter(2, 0.0)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.delayAfter(2, 0.5)).isEqualTo(Duration.ofMillis(150));
  }

  @Test
  void defaultsAreFourAttempts() {
    assertThat(RetryPolicy.defaults().maxAttempts()).isEqualTo(4);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> RetryPolicy.of(0, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.of(2, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
