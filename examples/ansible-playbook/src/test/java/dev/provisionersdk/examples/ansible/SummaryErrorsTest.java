package dev.provisionersdk.examples.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisionersdk.Action;
import dev.provisionersdk.CommandResult;
import dev.provisionersdk.CommandRunner;
import dev.provisionersdk.testing.RunResult;
import dev.provisionersdk.testing.TestInputs;
import dev.provisionersdk.testing.TestRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A summary callback file that is not JSON after a successful playbook is a one-line user error,
 * with an {@code ansible-playbook} that exits 0 and writes the given file in place of the callback.
 */
class SummaryErrorsTest {

  private static CommandRunner ansibleWriting(String summary) {
    return command -> {
      String file = command.environment().get(AnsiblePlaybook.SUMMARY_VARIABLE);
      try {
        Files.writeString(Path.of(file), summary, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return CommandResult.of(0, "", "", Duration.ZERO);
    };
  }

  @Test
  void aSummaryThatIsNotJsonEndsTheRunWithOneLineNamingTheCommand() {
    RunResult result =
        TestRunner.of(AnsibleProvisioner.provisioner(ansibleWriting("\nPLAY RECAP ****\nok=1\n")))
            .run(Action.PROVISION, TestInputs.fromDirectory(Path.of("sample")));

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr().lines().filter(line -> line.startsWith("error:")))
        .containsExactly(
            "error: provision failed (exit code 1): `ansible-playbook playbook.yml` exited with 0"
                + " but the summary its massdriver_summary.py callback wrote is not JSON; its first"
                + " line: PLAY RECAP ****");
    assertThat(result.stderr()).doesNotContain("\tat ");
  }

  @Test
  void aValidSummaryAfterSuccessIsReadAsBefore() {
    RunResult result =
        TestRunner.of(
                AnsibleProvisioner.provisioner(
                    ansibleWriting(
                        "{\"hosts\": {\"web-1\": {\"ok\": 2, \"changed\": 1}},"
                            + " \"outputs\": {\"url\": \"https://web\"}}")))
            .run(Action.PLAN, TestInputs.fromDirectory(Path.of("sample")));

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).contains("Ansible check: 1 task(s) would change something");
  }
}
