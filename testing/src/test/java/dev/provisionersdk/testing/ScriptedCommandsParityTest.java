package dev.provisionersdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisionersdk.Action;
import dev.provisionersdk.Command;
import dev.provisionersdk.CommandFailedException;
import dev.provisionersdk.CommandResult;
import dev.provisionersdk.CommandRunner;
import dev.provisionersdk.Request;
import dev.provisionersdk.Secret;
import dev.provisionersdk.runtime.Provisioner;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ScriptedCommands} answers as the runtime's process runner does: each scenario runs once
 * with real processes ({@code sh}) and once scripted with the same output, and the two runs must
 * print the same lines (streamed output, the stderr tail, the failure message, all masked) and exit
 * with the same code.
 */
class ScriptedCommandsParityTest {
  private static final String SECRET = "s3cr3t-parity-value";
  private static final String ENV_SECRET = "env-only-secret-42";

  /** One scenario: the command the handler runs, and the output a real run of it gives. */
  record Scenario(
      String name, List<String> argv, int exitCode, String stdout, String stderr, int runExit) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static List<String> sh(String script) {
    return List.of("sh", "-c", script);
  }

  static Stream<Arguments> scenarios() {
    return Stream.of(
            new Scenario(
                "streams stdout and stderr, masked",
                sh("printf 'out %s\\n' \"$P\"; printf 'err %s\\nerr env %s\\n' \"$P\" \"$E\" >&2"),
                0,
                "out " + SECRET + "\n",
                "err " + SECRET + "\nerr env " + ENV_SECRET + "\n",
                0),
            new Scenario(
                "captures stdout unmasked and does not stream it",
                sh("printf '{\"p\":\"%s\"}' \"$P\""),
                0,
                "{\"p\":\"" + SECRET + "\"}",
                "",
                0),
            new Scenario(
                "returns an accepted non-zero exit code",
                sh("echo \"warn $P\" >&2; exit 5"),
                5,
                "",
                "warn " + SECRET + "\n",
                0),
            new Scenario(
                "fails with the masked stderr tail",
                sh("for i in $(seq 1 25); do echo \"line $i $P\" >&2; done; exit 3"),
                3,
                "",
                lines(),
                3),
            new Scenario(
                "an unknown command fails as not installed",
                List.of("no-such-tool-29"),
                0,
                "",
                "",
                127))
        .map(Arguments::of);
  }

  private static String lines() {
    StringBuilder out = new StringBuilder();
    for (int i = 1; i <= 25; i++) {
      out.append("line ").append(i).append(' ').append(SECRET).append('\n');
    }
    return out.toString();
  }

  private static Provisioner provisioner(Scenario scenario, CommandRunner runner) {
    Provisioner.Builder builder =
        Provisioner.builder("parity").provision(request -> handle(scenario, request));
    if (runner != null) {
      builder.commandRunner(runner);
    }
    return builder.build();
  }

  private static void handle(Scenario scenario, Request request) {
    Command command =
        Command.of(scenario.argv())
            .env("P", request.secret("password").orElseThrow())
            .env("E", Secret.of(ENV_SECRET))
            .acceptExitCodes(0, 5);
    if (scenario.name().startsWith("captures")) {
      command = command.captureStdout();
    }
    try {
      CommandResult result = request.run(command);
      System.out.println("parity: exit " + result.exitCode());
      // Printed masked by the run either way: whether the runner masked it shows separately.
      System.out.println("parity: tail [" + result.stderrTail() + "]");
      System.out.println("parity: the tail holds a secret " + holdsSecret(result.stderrTail()));
      System.out.println("parity: captured " + result.stdout().equals(scenario.stdout()));
    } catch (CommandFailedException e) {
      System.out.println("parity: failed " + e.exitCode() + " tail [" + e.stderrTail() + "]");
      System.out.println("parity: the failure holds a secret " + holdsSecret(e.getMessage()));
      throw e;
    }
  }

  private static boolean holdsSecret(String text) {
    return text.contains(SECRET) || text.contains(ENV_SECRET);
  }

  private static ScriptedCommands scripted(Scenario scenario) {
    ScriptedCommands commands = ScriptedCommands.create();
    if (!scenario.name().startsWith("an unknown")) {
      commands
          .on(scenario.argv().toArray(String[]::new))
          .answer(scenario.exitCode(), scenario.stdout(), scenario.stderr());
    }
    return commands;
  }

  /** The lines both runners must print alike: the handler's, the tool's and the failure's. */
  private static List<String> comparable(String output) {
    return output
        .lines()
        .filter(
            line ->
                line.startsWith("parity:")
                    || line.matches("(out|err|warn|line) .*")
                    || line.contains("exited with"))
        .map(line -> line.replaceAll("cannot start: .*", "cannot start: …"))
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scriptedAndRealRunsPrintTheSameAndExitAlike(Scenario scenario) {
    TestInputs inputs = TestInputs.create().secrets(Map.of("password", SECRET));

    RunResult real = TestRunner.of(provisioner(scenario, null)).run(Action.PROVISION, inputs);
    RunResult fake =
        TestRunner.of(provisioner(scenario, scripted(scenario))).run(Action.PROVISION, inputs);

    RunResultAssert.assertThat(real).exitedWith(scenario.runExit()).leaksNoSecrets();
    RunResultAssert.assertThat(fake).exitedWith(scenario.runExit()).leaksNoSecrets();
    assertThat(comparable(real.stdout()))
        .as("the real run printed something to compare")
        .isNotEmpty();
    assertThat(comparable(fake.stdout())).isEqualTo(comparable(real.stdout()));
    assertThat(comparable(fake.stderr())).isEqualTo(comparable(real.stderr()));
  }
}
