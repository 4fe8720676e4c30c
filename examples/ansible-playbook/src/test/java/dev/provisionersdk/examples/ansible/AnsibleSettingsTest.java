package dev.provisionersdk.examples.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisionersdk.Action;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.testing.RunResult;
import dev.provisionersdk.testing.RunResultAssert;
import dev.provisionersdk.testing.TestInputs;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The step config: defaults, and bad values that stop the run before Ansible starts. */
class AnsibleSettingsTest {
  @TempDir Path directory;

  private static TestInputs withPlaybook() {
    return TestInputs.create().bundleFile("src/playbook.yml", "- hosts: all\n  tasks: []\n");
  }

  @Test
  void anEmptyConfigMeansThePlaybookOnLocalhostWithCheckAndDiff() {
    AnsibleSettings settings = AnsibleSettings.from(withPlaybook().request(Action.PLAN, directory));

    assertThat(settings.playbook()).isEqualTo(directory.resolve("bundle/src/playbook.yml"));
    assertThat(settings.decommissionPlaybook()).isEmpty();
    assertThat(settings.checkOnPlan()).isTrue();
    assertThat(settings.diff()).isTrue();
    assertThat(settings.verbosity()).isZero();
    assertThat(settings.color()).isFalse();
    assertThat(settings.extraArgs()).isEmpty();
    assertThat(settings.inventory()).isEmpty();
    assertThat(settings.hosts()).isEmpty();
    assertThat(settings.sshPrivateKeySecret()).isEqualTo(Optional.empty());
  }

  @Test
  void everyKeyIsRead() {
    AnsibleSettings settings =
        AnsibleSettings.from(
            withPlaybook()
                .bundleFile("src/teardown.yml", "")
                .bundleFile("src/hosts.ini", "")
                .config(
                    "{\"decommission_playbook\": \"teardown.yml\", \"check_on_plan\": false,"
                        + " \"diff\": false, \"verbosity\": 4, \"color\": true, \"extra_args\":"
                        + " [\"--tags=web\", \"-f\", \"5\"], \"inventory\": \"hosts.ini\","
                        + " \"ssh_private_key_secret\": \"deploy_key\", \"execution\": {}}")
                .request(Action.PLAN, directory));

    assertThat(settings.decommissionPlaybook())
        .contains(directory.resolve("bundle/src/teardown.yml"));
    assertThat(settings.checkOnPlan()).isFalse();
    assertThat(settings.diff()).isFalse();
    assertThat(settings.verbosity()).isEqualTo(4);
    assertThat(settings.color()).isTrue();
    assertThat(settings.extraArgs()).containsExactly("--tags=web", "-f", "5");
    assertThat(settings.inventory()).contains(directory.resolve("bundle/src/hosts.ini"));
    assertThat(settings.sshPrivateKeySecret()).contains("deploy_key");
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        Arguments.of(
            "an unknown key",
            "{\"playbok\": \"site.yml\"}",
            "config.json $.playbok is not a setting"),
        Arguments.of(
            "extra vars on argv",
            "{\"extra_args\": [\"-e\", \"x=1\"]}",
            "$.extra_args[0] '-e' is not allowed"),
        Arguments.of(
            "extra args that are not a list", "{\"extra_args\": \"--check\"}", "must be a list"),
        Arguments.of("a verbosity out of range", "{\"verbosity\": 7}", "$.verbosity is 7"),
        Arguments.of("a boolean that is not", "{\"diff\": \"maybe\"}", "$.diff"),
        Arguments.of(
            "a playbook outside the step",
            "{\"playbook\": \"../massdriver.yaml\"}",
            "must be a path inside the step directory"),
        Arguments.of(
            "a missing playbook", "{\"playbook\": \"site.yml\"}", "site.yml does not exist"),
        Arguments.of("an empty playbook name", "{\"playbook\": \" \"}", "$.playbook is empty"),
        Arguments.of(
            "both inventory and hosts",
            "{\"inventory\": \"playbook.yml\", \"hosts\": [\"web-1\"]}",
            "sets both $.inventory and $.hosts"),
        Arguments.of(
            "a host without a name",
            "{\"hosts\": [{\"ansible_host\": \"10.0.0.5\"}]}",
            "$.hosts[0]"),
        Arguments.of(
            "a missing key secret",
            "{\"ssh_private_key_secret\": \"nope\"}",
            "names the secret 'nope'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSettings")
  void badSettingsFailWithExitCode2BeforeAnsibleRuns(String reason, String config, String message) {
    RunResult result = AnsibleFixture.run(Action.PROVISION, withPlaybook().config(config));

    RunResultAssert.assertThat(result).exitedWith(2).stderrContains(message);
    assertThat(result.stderr()).doesNotContain("running ansible-playbook");
  }

  @Test
  void extraArgsAreCheckedWhenRead() {
    assertThatThrownBy(
            () ->
                AnsibleSettings.from(
                    withPlaybook()
                        .config("{\"extra_args\": [\"--limit\"]}")
                        .request(Action.PLAN, directory)))
        .isInstanceOf(ProvisionerException.class)
        .hasMessageContaining("'--limit' needs a value after it");
  }
}
