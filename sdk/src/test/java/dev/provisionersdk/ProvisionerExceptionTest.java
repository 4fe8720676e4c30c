package dev.provisionersdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProvisionerExceptionTest {
  @Test
  void invalidInputCarriesCodeTwo() {
    ProvisionerException e = ProvisionerException.invalidInput("bad");
    assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(e.isInvalidInput()).isTrue();
  }

  @Test
  void toolExitCodeIsCarried() {
    IllegalStateException cause = new IllegalStateException("x");
    ProvisionerException e = ProvisionerException.withExitCode(42, "tool failed", cause);
    assertThat(e.exitCode()).isEqualTo(42);
    assertThat(e.isInvalidInput()).isFalse();
    assertThat(e).hasCause(cause);
  }

  @Test
  void exitCodeOutsideOneTo255IsRejected() {
    assertThatThrownBy(() -> ProvisionerException.withExitCode(0, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProvisionerException.withExitCode(256, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
