package dev.provisionersdk.examples.pulumi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisionersdk.Action;
import dev.provisionersdk.testing.RunResult;
import dev.provisionersdk.testing.RunResultAssert;
import dev.provisionersdk.testing.TestInputs;
import dev.provisionersdk.testing.TestRunner;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Settings that cannot work are refused with exit code 2 before any {@code pulumi} command runs (no
 * {@code pulumi} is on the test's PATH: a run that got that far would fail differently).
 */
class PulumiSettingsTest {
  private static final String PASSPHRASE = "correct-horse-battery-staple-42";

  private static Map<String, Object> config(Object... keysAndValues) {
    Map<String, Object> config = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      config.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return config;
  }

  static Stream<Arguments> refused() {
    Map<String, Object> passphrase = Map.of("pulumi_config_passphrase", PASSPHRASE);
    return Stream.of(
        Arguments.of(
            "a file:// backend outside a local run loses the state with the container",
            false,
            config("backend_url", "file://.pulumi-state"),
            passphrase,
            "keeps the Pulumi state inside the container"),
        Arguments.of(
            "an absolute file:// path is inside the container too",
            false,
            config("backend_url", "file:///var/pulumi"),
            passphrase,
            "Pulumi Cloud (https://api.pulumi.com"),
        Arguments.of(
            "a scheme Pulumi does not know",
            true,
            config("backend_url", "ftp://state.example.com"),
            passphrase,
            "has no Pulumi backend scheme"),
        Arguments.of(
            "a self-managed backend without a passphrase",
            true,
            config("backend_url", "s3://ecomm-pulumi-state/assets"),
            Map.of("database_password", "pg-pass-7d3f91c2e8"),
            "secrets.json has no pulumi_config_passphrase"),
        Arguments.of(
            "an empty passphrase",
            true,
            config("backend_url", "gs://ecomm-pulumi-state"),
            Map.of("pulumi_config_passphrase", ""),
            "add a secret named pulumi_config_passphrase"),
        Arguments.of(
            "the passphrase provider asked for on Pulumi Cloud, without a passphrase",
            true,
            config("backend_url", "https://api.pulumi.com", "secrets_provider", "passphrase"),
            Map.of("pulumi_access_token", "pul-0123456789abcdef"),
            "secrets.json has no pulumi_config_passphrase"),
        Arguments.of(
            "Pulumi Cloud without an access token, in the platform",
            false,
            config("backend_url", "https://api.pulumi.com"),
            Map.of(),
            "secrets.json has no pulumi_access_token"),
        Arguments.of(
            "a stack name with four parts on Pulumi Cloud",
            true,
            config("backend_url", "https://api.pulumi.com", "stack", "acme/ecomm/assets/prod"),
            Map.of("pulumi_access_token", "pul-0123456789abcdef"),
            "use stack, project/stack or org/project/stack"),
        Arguments.of(
            "an organization in a self-managed backend's stack name",
            true,
            config("backend_url", "s3://ecomm-pulumi-state", "stack", "acme/ecomm/prod"),
            passphrase,
            "org/project/stack is for Pulumi Cloud"),
        Arguments.of(
            "a secrets provider Pulumi does not know",
            true,
            config("backend_url", "s3://ecomm-pulumi-state", "secrets_provider", "vault://x"),
            passphrase,
            "is not a Pulumi secrets provider"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusedWithExitCode2BeforeAnyCommand(
      String reason,
      boolean localRun,
      Map<String, Object> config,
      Map<String, Object> secrets,
      String message) {
    TestInputs inputs = TestInputs.fromDirectory(Path.of("sample")).config(config).secrets(secrets);

    RunResult result =
        TestRunner.of(PulumiProvisioner.provisioner(localRun)).run(Action.PROVISION, inputs);

    RunResultAssert.assertThat(result).exitedWith(2).leaksNoSecrets();
    assertThat(result.stdout() + result.stderr()).contains(message);
  }
}
