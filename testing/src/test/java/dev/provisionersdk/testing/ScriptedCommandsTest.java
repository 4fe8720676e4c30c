package dev.provisionersdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisionersdk.Action;
import dev.provisionersdk.Backoff;
import dev.provisionersdk.Command;
import dev.provisionersdk.CommandFailedException;
import dev.provisionersdk.Controls;
import dev.provisionersdk.runtime.Provisioner;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptedCommandsTest {
  @Test
  void scriptedAnswersDriveAProvisionerAndCallsAreRecorded() {
    ScriptedCommands commands =
        ScriptedCommands.create()
            .on("tool", "apply")
            .exitCode(75, "error: locked")
            .stdout("applied")
            .on("tool", "output")
            .stdout("{\"url\":\"https://db\"}")
            .runner();
    Provisioner provisioner =
        Provisioner.builder("scripted")
            .commandRunner(commands)
            .provision(
                request -> {
                  request.task(
                      "apply",
                      Controls.builder()
                          .maxRetries(1)
                          .backoff(Backoff.none())
                          .retryIf(e -> e instanceof CommandFailedException)
                          .build(),
                      () -> request.run(Command.of("tool", "apply", "--yes")));
                  String output =
                      request.run(Command.of("tool", "output", "--json").captureStdout()).stdout();
                  System.out.println("output " + output);
                })
            .build();

    RunResult result = TestRunner.of(provisioner).run(Action.PROVISION, TestInputs.create());

    RunResultAssert.assertThat(result)
        .succeeded()
        .stdoutContains("output {\"url\":\"https://db\"}");
    assertThat(commands.argumentLists())
        .containsExactly(
            List.of("tool", "apply", "--yes"),
            List.of("tool", "apply", "--yes"),
            List.of("tool", "output", "--json"));
  }

  @Test
  void scriptedFailurePassesTheToolsExitCodeThrough() {
    ScriptedCommands commands = ScriptedCommands.create().on("tool").exitCode(42, "boom").runner();
    Provisioner provisioner =
        Provisioner.builder("scripted")
            .commandRunner(commands)
            .plan(request -> request.run(Command.of("tool", "plan")))
            .build();

    RunResult result = TestRunner.of(provisioner).run(Action.PLAN, TestInputs.create());

    RunResultAssert.assertThat(result)
        .exitedWith(42)
        .stderrContains("`tool plan` exited with 42", "boom");
  }

  @Test
  void aCommandNoRuleAnswersFailsAsNotInstalledUnlessAllowed() {
    Provisioner strict =
        Provisioner.builder("scripted")
            .commandRunner(ScriptedCommands.create().on("tool", "plan").stdout("planned").runner())
            .plan(request -> request.run(Command.of("other-tool", "plan")))
            .build();
    Provisioner lenient =
        Provisioner.builder("scripted")
            .commandRunner(ScriptedCommands.create().allowUnmatched())
            .plan(request -> request.run(Command.of("other-tool", "plan")))
            .build();

    RunResultAssert.assertThat(TestRunner.of(strict).run(Action.PLAN, TestInputs.create()))
        .exitedWith(127)
        .stderrContains("`other-tool plan` exited with 127", "no rule of ScriptedCommands matches");
    RunResultAssert.assertThat(TestRunner.of(lenient).run(Action.PLAN, TestInputs.create()))
        .succeeded();
  }
}
