package dev.provisionersdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTest {
  @Test
  void toStringHidesTheValue() {
    Secret secret = Secret.of("p4ssw0rd-value");
    assertThat(secret.toString()).isEqualTo("Secret[***]").doesNotContain("p4ssw0rd");
    assertThat(String.valueOf(secret)).doesNotContain("p4ssw0rd");
  }

  @Test
  void revealReturnsTheValueAndEqualityIsByValue() {
    assertThat(Secret.of("abc-123").reveal()).isEqualTo("abc-123");
    assertThat(Secret.of("abc-123")).isEqualTo(Secret.of("abc-123")).isNotEqualTo(Secret.of("x"));
  }

  @Test
  void nullIsRejected() {
    assertThatThrownBy(() -> Secret.of(null)).isInstanceOf(NullPointerException.class);
  }
}
