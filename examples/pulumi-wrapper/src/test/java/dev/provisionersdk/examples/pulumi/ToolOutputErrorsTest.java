package dev.provisionersdk.examples.pulumi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisionersdk.Action;
import dev.provisionersdk.testing.RunResult;
import dev.provisionersdk.testing.ScriptedCommands;
import dev.provisionersdk.testing.TestInputs;
import dev.provisionersdk.testing.TestRunner;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pulumi printing something that is not JSON where JSON is expected is a one-line user error. */
class ToolOutputErrorsTest {
  private static final TestInputs INPUTS =
      TestInputs.fromDirectory(Path.of("sample"))
          .config(Map.of("backend_url", "file://.pulumi-state", "refresh", false));

  private static RunResult run(Action action, ScriptedCommands commands) {
    return TestRunner.of(PulumiProvisioner.provisioner(true, commands)).run(action, INPUTS);
  }

  @Test
  void previewOutputThatIsNotJsonEndsThePlanWithOneLineNamingTheCommand() {
    ScriptedCommands commands =
        ScriptedCommands.create()
            .on("pulumi", "preview")
            .stdout("warning: A new version of Pulumi is available\n{\"steps\": []}\n")
            .on("pulumi")
            .stdout("")
            .runner();

    RunResult result = run(Action.PLAN, commands);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr().lines().filter(line -> line.startsWith("error:")))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("error: plan failed (exit code 1): `pulumi preview")
                    .contains(
                        "` exited with 0 but printed no JSON; its first line: warning: A new"
                            + " version of Pulumi is available"));
    assertThat(result.stderr()).doesNotContain("\tat ").doesNotContain("JsonParseException");
  }

  @Test
  void stackOutputsThatAreNotJsonEndTheProvisionWithOneLine() {
    ScriptedCommands commands =
        ScriptedCommands.create()
            .on("pulumi", "stack", "output")
            .stdout("error: no stack outputs\n")
            .on("pulumi")
            .stdout("")
            .runner();

    RunResult result = run(Action.PROVISION, commands);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr())
        .contains(
            "error: provision failed (exit code 1): `pulumi stack output --json --stack ",
            "` exited with 0 but printed no JSON; its first line: error: no stack outputs")
        .doesNotContain("\tat ");
  }
}
