package dev.provisionersdk.examples.pulumi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisionersdk.testing.TestInputs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged provisioner as its own JVM on the sample inputs, with a scripted {@code pulumi}
 * (src/test/resources/fake-pulumi) first on PATH that records every call and its environment.
 */
class PulumiProvisionerIT {
  private static final Path JAR = Path.of("target/pulumi-wrapper-provisioner.jar");
  private static final Path FAKE_PULUMI =
      Path.of("src/test/resources/fake-pulumi").toAbsolutePath();
  private static final String PASSPHRASE = "correct-horse-battery-staple-42";
  private static final String DB_PASSWORD = "pg-pass-7d3f91c2e8";
  private static final String STACK = "ecomm-prod-api-abc1-src";

  @TempDir Path root;
  private Path state;

  private record Call(List<String> args, Map<String, String> env) {}

  private record Run(int exitCode, String output, List<Call> calls) {}

  @BeforeEach
  void sample() throws IOException {
    TestInputs.fromDirectory(Path.of("sample")).writeTo(root);
    state = Files.createDirectories(root.resolve("fake-state"));
  }

  private ProcessBuilder builder(String action, Map<String, String> scenario) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-jar",
            JAR.toString(),
            action,
            "--inputs",
            root.toString(),
            "--env",
            "MASSDRIVER_INSTANCE_ID=ecomm-prod-api"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PATH", FAKE_PULUMI + ":" + System.getenv("PATH"));
    builder.environment().put("FAKE_PULUMI_STATE", state.toString());
    builder.environment().putAll(scenario);
    return builder;
  }

  private Run run(String action, Map<String, String> scenario) throws Exception {
    Process process = builder(action, scenario).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output, calls());
  }

  private List<Call> calls() throws IOException {
    Path log = state.resolve("calls.log");
    List<Call> calls = new ArrayList<>();
    if (!Files.exists(log)) {
      return calls;
    }
    List<String> args = null;
    Map<String, String> env = null;
    for (String line : Files.readAllLines(log)) {
      if (line.startsWith("CALL")) {
        args = new ArrayList<>(List.of(line.substring(4).split("\u001f", -1)));
        args.remove(0);
        env = new HashMap<>();
        calls.add(new Call(args, env));
      } else if (line.startsWith("ENV ") && env != null) {
        int equals = line.indexOf('=');
        env.put(line.substring(4, equals), line.substring(equals + 1));
      }
    }
    return calls;
  }

  private static List<String> stack(String... arguments) {
    List<String> argv = new ArrayList<>(List.of(arguments));
    argv.addAll(List.of("--stack", STACK, "--non-interactive"));
    return argv;
  }

  private List<List<String>> preamble() {
    return List.of(
        List.of("login", "--non-interactive", "file://" + root.resolve(".pulumi-state")),
        stack("stack", "select", "--create"),
        stack("config", "set", "params"),
        stack("config", "set", "connections"),
        stack("config", "set", "--secret", "secrets"));
  }

  private static List<List<String>> argvs(Run run) {
    return run.calls().stream().map(Call::args).toList();
  }

  @Test
  void planLogsInSelectsTheStackWritesConfigAndPreviews() throws Exception {
    Run run = run("plan", Map.of());

    assertThat(run.exitCode()).as(run.output()).isZero();
    List<List<String>> expected = new ArrayList<>(preamble());
    expected.add(stack("preview", "--color", "never").subList(0, 1));
    assertThat(argvs(run))
        .containsExactly(
            preamble().get(0),
            preamble().get(1),
            preamble().get(2),
            preamble().get(3),
            preamble().get(4),
            List.of("preview", "--stack", STACK, "--non-interactive", "--color", "never"));
    assertThat(run.output()).contains("+ 1 to create");
    assertThat(Files.readString(state.resolve("config-params"))).contains("\"replicas\":2");
    assertThat(Files.readString(state.resolve("config-secrets")))
        .contains(DB_PASSWORD)
        .doesNotContain(PASSPHRASE);
  }

  @Test
  void provisionUpdatesReadsOutputsAndPublishesThroughTheTemplate() throws Exception {
    Run run = run("provision", Map.of());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(argvs(run).subList(5, argvs(run).size()))
        .containsExactly(
            List.of("up", "--yes", "--stack", STACK, "--non-interactive", "--color", "never"),
            stack("stack", "output", "--json"),
            stack("stack", "output", "--json", "--show-secrets"));
    assertThat(run.output())
        .contains("stack outputs: [bucket_name, db_password, endpoint]")
        .contains("ecomm-prod-api-abc1-assets");
  }

  @Test
  void decommissionDestroysThenRemovesTheStack() throws Exception {
    Run run = run("decommission", Map.of());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(argvs(run).subList(5, argvs(run).size()))
        .containsExactly(
            List.of("destroy", "--yes", "--stack", STACK, "--non-interactive", "--color", "never"),
            stack("stack", "rm", "--yes"));
  }

  @Test
  void credentialsTravelInTheEnvironmentNeverInArgvAndEnvsReachTheProgram() throws Exception {
    Run run = run("provision", Map.of());

    for (Call call : run.calls()) {
      assertThat(String.join(" ", call.args())).doesNotContain(PASSPHRASE, DB_PASSWORD);
      assertThat(call.env())
          .containsEntry("PULUMI_CONFIG_PASSPHRASE", PASSPHRASE)
          .containsEntry("APP_REGION", "us-west-2")
          .containsEntry("PULUMI_SKIP_UPDATE_CHECK", "true");
    }
  }

  @Test
  void secretsTheToolPrintsAreMaskedIncludingSecretOutputs() throws Exception {
    Run run = run("provision", Map.of("FAKE_PULUMI_ECHO_SECRET", "1"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("debug: passphrase=***").doesNotContain(PASSPHRASE);
    assertThat(run.output())
        .doesNotContain(
            Base64.getEncoder().encodeToString(PASSPHRASE.getBytes(StandardCharsets.UTF_8)));
    assertThat(run.output()).doesNotContain(PASSPHRASE + "-db");
  }

  @Test
  void toolExitCodePassesThroughAndTheCleanupReleasesTheLock() throws Exception {
    Run run = run("provision", Map.of("FAKE_PULUMI_FAIL_UP", "3"));

    assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
    assertThat(run.output()).contains("exited with 3", "error: update failed");
    assertThat(argvs(run)).endsWith(stack("cancel", "--yes"));
    assertThat(argvs(run).stream().filter(argv -> argv.get(0).equals("up"))).hasSize(1);
  }

  @Test
  void lockedStackIsReleasedWithCancelAndTheUpdateRetried() throws Exception {
    Run run = run("provision", Map.of("FAKE_PULUMI_LOCKED_UPS", "1"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    List<String> operations = argvs(run).stream().map(argv -> argv.get(0)).toList();
    assertThat(operations.subList(5, 8)).containsExactly("up", "cancel", "up");
    assertThat(run.output()).contains("currently locked", "releasing it");
  }

  @Test
  void sigtermIsForwardedToPulumiWhichSavesItsCheckpoint() throws Exception {
    Process process = builder("provision", Map.of("FAKE_PULUMI_HANG_UP", "1")).start();
    BufferedReader output =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = output.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.startsWith("Updating (") && line.endsWith("waiting for the cloud")) {
        break;
      }
    }
    process.toHandle().destroy(); // SIGTERM to the provisioner's JVM
    output.lines().forEach(rest -> seen.append(rest).append('\n'));

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(seen.toString()).isEqualTo(143);
    assertThat(seen.toString()).contains("checkpoint saved", "received SIGTERM");
    assertThat(argvs(new Run(0, "", calls()))).endsWith(stack("cancel", "--yes"));
  }

  @Test
  void missingBackendIsAnInputError() throws Exception {
    Files.writeString(root.resolve("config.json"), "{}");
    Run run = run("plan", Map.of());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("config.json $.backend_url is not set");
    assertThat(run.calls()).isEmpty();
  }
}
