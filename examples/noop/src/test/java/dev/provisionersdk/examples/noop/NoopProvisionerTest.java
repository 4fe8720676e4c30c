package dev.provisionersdk.examples.noop;

import static dev.provisionersdk.testing.RunResultAssert.assertThat;

import dev.provisionersdk.Action;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.testing.RunResult;
import dev.provisionersdk.testing.TestInputs;
import dev.provisionersdk.testing.TestRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NoopProvisionerTest {
  private static final TestInputs SAMPLE = TestInputs.fromDirectory(Path.of("sample"));
  private final TestRunner runner = TestRunner.of(NoopProvisioner.provisioner());

  @ParameterizedTest(name = "{0}")
  @EnumSource(Action.class)
  void everyActionDescribesTheSampleAndLeaksNoSecret(Action action) {
    RunResult result = runner.run(action, SAMPLE);

    assertThat(result)
        .succeeded()
        .stdoutContains(
            "ecomm-prod-api-abc1 in step src",
            "aws_authentication (legacy data/specs)",
            "kubernetes_cluster (flat)",
            "secrets: [database_password, stripe_api_key, tls_private_key]",
            "md-environment=prod")
        .stderrContains(action.wireName() + " step=src")
        .leaksNoSecrets();
  }

  @Test
  void debugDumpPrintsSecretsFileMasked() {
    RunResult result = runner.run(Action.PLAN, SAMPLE);
    assertThat(result)
        .stdoutContains("\"database_password\": \"***\"", "\"tls_private_key\": \"***\"")
        .leaksNoSecrets();
  }

  @Test
  void debugDumpMasksTheMultiLinePemAndTheBase64EmbeddedPassword() throws Exception {
    RunResult result = runner.run(Action.PLAN, SAMPLE);

    SampleLeaks.assertNoLeak(result.stdout() + result.stderr());
    assertThat(result)
        // Base64 that decodes to a secret is masked whole; the next line's label stays, since
        // "tls" followed by "." is a word, not a line of base64.
        .stdoutContains("  DATABASE_URL: ***\n  tls.key: ***");
  }

  @Test
  void simulatedFailureExitsOneWithTheMessage() {
    RunResult result =
        runner.run(Action.PROVISION, SAMPLE.config(Map.of("simulate_failure", "quota exceeded")));
    assertThat(result)
        .exitedWith(ExitCode.HANDLER_FAILED)
        .stderrContains("provision failed", "quota exceeded")
        .leaksNoSecrets();
  }

  @Test
  void executionTimeoutFromTheStepConfigStopsTheSlowTaskRunsCleanupAndExits124() {
    RunResult result =
        runner.run(
            Action.PROVISION,
            SAMPLE.config(Map.of("simulate_slow_task", 30, "execution", Map.of("timeout", "1s"))));
    assertThat(result)
        .exitedWith(ExitCode.TIMEOUT)
        .stdoutContains(
            "slow-task: sleeping 30s", "cleanup: the noop provisioner has nothing to undo")
        .stderrContains("provision timed out after 1s")
        .leaksNoSecrets();
  }

  @Test
  void taskTimeoutFromTheStepConfigFailsWith124() {
    RunResult result =
        runner.run(
            Action.PROVISION,
            SAMPLE.config(
                Map.of(
                    "simulate_slow_task",
                    30,
                    "execution",
                    Map.of("tasks", Map.of("slow-task", Map.of("timeout", "500ms"))))));
    assertThat(result)
        .exitedWith(ExitCode.TIMEOUT)
        .stderrContains("task slow-task timed out after 500ms")
        .stdoutContains("cleanup: the noop provisioner has nothing to undo");
  }

  @Test
  void taskSkippedOutsideItsEnvironments() {
    RunResult result =
        runner.run(
            Action.PROVISION,
            SAMPLE.config(
                Map.of(
                    "simulate_slow_task",
                    30,
                    "execution",
                    Map.of("tasks", Map.of("slow-task", Map.of("only", List.of("staging")))))));
    assertThat(result)
        .succeeded()
        .stderrContains(
            "task slow-task skipped: it runs only in [staging] and this environment is prod");
  }

  @Test
  void malformedExecutionConfigExitsTwoNamingTheKey() {
    RunResult result =
        runner.run(Action.PLAN, SAMPLE.config(Map.of("execution", Map.of("timeout", "soon"))));
    assertThat(result)
        .exitedWith(ExitCode.INVALID_INPUT)
        .stderrContains("config.json $.execution.timeout: 'soon' is not a duration");
  }

  @Test
  void malformedSecretsExitTwoWithoutEchoingThem() {
    RunResult result =
        runner.run(
            Action.PLAN, SAMPLE.secrets("{\n  \"database_password\": hunter2-but-much-longer\n}"));
    assertThat(result)
        .exitedWith(ExitCode.INVALID_INPUT)
        .stderrContains("secrets.json line 2")
        .stderrDoesNotContain("hunter2")
        .stderrDoesNotContain("\tat ")
        .leaksNoSecrets();
  }

  @Test
  void unknownActionExitsTwo() {
    RunResult result = runner.run(new String[] {"apply", "--inputs", "sample"}, Map.of());
    assertThat(result)
        .exitedWith(ExitCode.INVALID_INPUT)
        .stderrContains("plan, provision, decommission");
  }

  /** jackson-jq is an optional dependency of the SDK, and this example does not declare it. */
  @Test
  void aTemplateWithoutJacksonJqFailsBeforeTheHandlerNamingTheDependency() {
    RunResult result =
        runner.run(
            Action.PROVISION, SAMPLE.bundleFile("src/artifact_queue.jq", "{data: {}, specs: {}}"));
    assertThat(result)
        .exitedWith(ExitCode.HANDLER_FAILED)
        .stderrContains("bundle template artifact_queue.jq needs net.thisptr:jackson-jq")
        .stderrContains("<artifactId>jackson-jq</artifactId>");
    org.assertj.core.api.Assertions.assertThat(result.stdout()).doesNotContain("Provisioning");
  }

  @Test
  void aTemplateWithoutJacksonJqFailsThePlanToo() {
    // Plan compiles every template (docs/resources.md), so it needs jq as well.
    RunResult result =
        runner.run(
            Action.PLAN, SAMPLE.bundleFile("src/artifact_queue.jq", "{data: {}, specs: {}}"));
    assertThat(result)
        .exitedWith(ExitCode.HANDLER_FAILED)
        .stderrContains("bundle template artifact_queue.jq needs net.thisptr:jackson-jq");
    org.assertj.core.api.Assertions.assertThat(result.stdout()).doesNotContain("Planning");
  }
}
