package dev.provisionersdk.examples.ansible;

import static dev.provisionersdk.examples.ansible.AnsibleFixture.run;
import static dev.provisionersdk.examples.ansible.AnsibleFixture.sample;
import static dev.provisionersdk.examples.ansible.AnsibleFixture.withPlaybook;
import static org.assertj.core.api.Assertions.assertThat;

import dev.provisionersdk.Action;
import dev.provisionersdk.testing.RunResult;
import dev.provisionersdk.testing.RunResultAssert;
import dev.provisionersdk.testing.TestInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Failures with the real {@code ansible-playbook}: its exit codes pass through, a playbook that
 * prints secrets shows {@code ***} (verbose and coloured output included), and an SSH key from the
 * secrets reaches {@code ssh} as a private file.
 */
class AnsibleFailuresIT {
  /** A host on loopback where nothing listens on the SSH port: Ansible reports it unreachable. */
  private static final String UNREACHABLE_HOST =
      "{\"name\": \"far\", \"ansible_host\": \"127.0.0.1\", \"ansible_port\": 1,"
          + " \"ansible_connection\": \"ssh\", \"ansible_ssh_common_args\": \"-o ConnectTimeout=5\"}";

  @TempDir Path sandbox;

  @BeforeAll
  static void ansible() throws Exception {
    AnsibleFixture.ensureAnsible();
  }

  static Stream<Arguments> ansibleFailures() {
    return Stream.of(
        Arguments.of(
            "a failing task",
            "fail.yml",
            "{\"playbook\": \"fail.yml\"}",
            2,
            "  localhost: ok=0 changed=0 unreachable=0 failed=1"),
        Arguments.of(
            "an undefined variable",
            "undefined.yml",
            "{\"playbook\": \"undefined.yml\"}",
            2,
            "  localhost: ok=0 changed=0 unreachable=0 failed=1"),
        Arguments.of(
            "an unreachable host",
            "ping.yml",
            "{\"playbook\": \"ping.yml\", \"hosts\": [" + UNREACHABLE_HOST + "]}",
            4,
            "  far: ok=0 changed=0 unreachable=1 failed=0"),
        Arguments.of(
            "a playbook that does not parse",
            "syntax.yml",
            "{\"playbook\": \"syntax.yml\"}",
            4,
            "Ansible stopped before the end of the playbook: no recap"));
  }

  @ParameterizedTest(name = "{0}: exit code {3}")
  @MethodSource("ansibleFailures")
  void ansiblesExitCodeIsTheProvisionersAndTheRecapIsPrinted(
      String reason, String playbook, String config, int exitCode, String recap) throws Exception {
    RunResult result = run(Action.PROVISION, withPlaybook(sample(sandbox), playbook, config));

    RunResultAssert.assertThat(result)
        .exitedWith(exitCode)
        .stdoutContains(recap)
        .stderrContains(
            "ansible-playbook exited with " + exitCode + ": " + AnsiblePlaybook.meaning(exitCode))
        .leaksNoSecrets();
  }

  @Test
  void secretsAPlaybookPrintsAreMaskedInVerboseAndColouredOutput() throws Exception {
    RunResult result =
        run(
            Action.PROVISION,
            withPlaybook(
                sample(sandbox),
                "secret.yml",
                "{\"playbook\": \"secret.yml\", \"verbosity\": 3, \"color\": true}"));

    RunResultAssert.assertThat(result)
        .succeeded()
        .stdoutContains(
            "ESTABLISH LOCAL CONNECTION", // -vvv is on
            "\u001b[", // colours are on
            "\"secrets.database_password\": \"***\"",
            "encoded=***",
            "token=***")
        .leaksNoSecrets();
  }

  @Test
  void secretsInTaskResultsUnderComposedEncodingsAreMasked() throws Exception {
    RunResult result =
        run(
            Action.PROVISION,
            withPlaybook(
                sample(sandbox),
                "encoded.yml",
                "{\"playbook\": \"encoded.yml\", \"verbosity\": 1}"));

    // The leak check decodes base64 runs across wraps and JSON escapes, two layers deep.
    RunResultAssert.assertThat(result)
        .succeeded()
        .stdoutContains("\"stdout\": \"***", "\"stdout\": \"tls.key: ***", "\"stdout_lines\": [")
        .leaksNoSecrets();
  }

  @Test
  void anSshKeyFromTheSecretsReachesSshAsAPrivateFile() throws Exception {
    String key =
        "-----BEGIN OPENSSH PRIVATE KEY-----\n"
            + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
            + "-----END OPENSSH PRIVATE KEY-----\n";
    // An ssh that records the key file's mode and content as ssh would read them, then fails as
    // the unreachable host does (exit 255).
    Path record = sandbox.resolve("ssh-saw");
    Path ssh = sandbox.resolve("recording-ssh");
    Files.writeString(
        ssh,
        String.join(
            "\n",
            "#!/bin/sh",
            "for arg in \"$@\"; do",
            "  case \"$arg\" in IdentityFile=*) key=${arg#IdentityFile=}; key=${key#\\\"};"
                + " key=${key%\\\"} ;; esac",
            "done",
            "stat -c %a \"$key\" > '" + record + ".mode'",
            "cp \"$key\" '" + record + ".key'",
            "echo 'ssh: connect to host 127.0.0.1 port 1: Connection refused' >&2",
            "exit 255",
            ""));
    Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
    String host =
        UNREACHABLE_HOST.substring(0, UNREACHABLE_HOST.length() - 1)
            + ", \"ansible_ssh_executable\": \""
            + ssh
            + "\"}";
    TestInputs inputs =
        withPlaybook(
                sample(sandbox),
                "ping.yml",
                "{\"playbook\": \"ping.yml\", \"verbosity\": 3, \"ssh_private_key_secret\": \"ssh_key\","
                    + " \"hosts\": ["
                    + host
                    + "]}")
            .secrets(Map.of("ssh_key", key, "database_password", AnsibleFixture.DB_PASSWORD));

    RunResult result = run(Action.PROVISION, inputs);

    RunResultAssert.assertThat(result)
        .exitedWith(4)
        .stderrContains("--private-key /tmp/ansible-provisioner-")
        .stdoutContains("IdentityFile=")
        .leaksNoSecrets();
    assertThat(result.stdout())
        .containsPattern("IdentityFile=\\\\?\"/tmp/ansible-provisioner-[0-9]+/ssh-key");
    assertThat(Files.readString(Path.of(record + ".mode")).strip())
        .as("the key file's mode when ssh read it")
        .isEqualTo("600");
    assertThat(Files.readString(Path.of(record + ".key"))).as("the key ssh read").isEqualTo(key);
  }
}
