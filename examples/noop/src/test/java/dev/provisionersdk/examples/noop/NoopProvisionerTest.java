package dev.provisionersdk.examples.noop;

import static dev.provisionersdk.testing.RunResultAssert.assertThat;

import dev.provisionersdk.Action;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.testing.RunResult;
import dev.provisionersdk.testing.TestInputs;
import dev.provisionersdk.testing.TestRunner;
import java.nio.file.Path;
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
        .stdoutContains(
            "  DATABASE_URL: " + SampleLeaks.base64UrlBeforePassword() + "***", "  tls.key: ***");
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
}
