package dev.provisionersdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  @Test
  void onlyInvalidInputIsBadInputWhateverTheCode() {
    assertThat(ProvisionerException.withExitCode(ExitCode.INVALID_INPUT, "x").isInvalidInput())
        .isFalse();
    CommandFailedException tool = CommandFailedException.exited(List.of("dns", "apply"), 2, "");
    assertThat(tool.exitCode()).isEqualTo(2);
    assertThat(tool.isInvalidInput()).isFalse();
  }

  @Test
  void aToolExitingWith124IsNotATimeout() {
    CommandFailedException exited = CommandFailedException.exited(List.of("dns"), 124, "");
    assertThat(exited.exitCode()).isEqualTo(ExitCode.TIMEOUT);
    assertThat(exited.isTimeout()).isFalse();
    assertThat(CommandFailedException.timedOut(List.of("dns"), "").isTimeout()).isTrue();
  }

  @ParameterizedTest(name = "tool exit {0}, predicate for {1}: {2}")
  @CsvSource({"3, 3, true", "3, 75, false", "75, 3;75, true", "2, 3, false", "2, 2, true"})
  void commandExitedWithAcceptsAToolFailureWithOneOfTheCodes(
      int toolCode, String codes, boolean retried) {
    int[] accepted =
        java.util.Arrays.stream(codes.split(";")).mapToInt(Integer::parseInt).toArray();
    CommandFailedException failure = CommandFailedException.exited(List.of("dns"), toolCode, "");
    assertThat(Controls.commandExitedWith(accepted).test(failure)).isEqualTo(retried);
    assertThat(
            Controls.commandExitedWith(accepted)
                .test(ProvisionerException.withExitCode(toolCode, "wrapped", failure)))
        .as("a failure caused by the command")
        .isEqualTo(retried);
  }

  @Test
  void commandExitedWithRejectsTimeoutsAndOtherFailures() {
    assertThat(
            Controls.commandExitedWith(124)
                .test(CommandFailedException.timedOut(List.of("dns"), "")))
        .isFalse();
    assertThat(Controls.commandExitedWith(3).test(ProvisionerException.withExitCode(3, "x")))
        .isFalse();
    assertThatThrownBy(() -> Controls.commandExitedWith())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
