package dev.provisionersdk.examples.pulumi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged provisioner as its own JVM, in a local run on the sample inputs, with the
 * scripted {@code pulumi} of src/test/resources/fake-pulumi first on PATH: it takes the flags the
 * real CLI declares per command, answers with its error texts, keeps backend state under
 * FAKE_PULUMI_STATE (which outlives a run, as a real backend does) and records every call and its
 * environment.
 */
class PulumiProvisionerIT {
  private static final Path JAR = Path.of("target/pulumi-wrapper-provisioner.jar");
  private static final Path FAKE_PULUMI =
      Path.of("src/test/resources/fake-pulumi").toAbsolutePath();
  private static final Path JSON_FIXTURES =
      Path.of("src/test/resources/pulumi-json").toAbsolutePath();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String PASSPHRASE = "correct-horse-battery-staple-42";
  private static final String DB_PASSWORD = "pg-pass-7d3f91c2e8";
  private static final String TOKEN = "pul-4f0c2a9e8b7d6c5a";
  private static final String STACK = "ecomm-prod-api-abc1-src";
  private static final String STACK_FILE = "Pulumi." + STACK + ".yaml";

  @TempDir Path root;
  private Path state;
  private Path pulumiHome;

  private record Call(List<String> args, Map<String, String> env) {}

  private record Run(int exitCode, String output, List<Call> calls) {}

  @BeforeEach
  void sample() throws IOException {
    TestInputs.fromDirectory(Path.of("sample")).writeTo(root);
    // The sample's bundle compiles to an s3:// backend; these runs use a local one, explicitly.
    MAPPER.writeValue(
        root.resolve("config.json").toFile(),
        Map.of(
            "backend_url", "file://.pulumi-state",
            "refresh", false,
            "remove_stack_on_decommission", true));
    state = Files.createDirectories(root.resolve("fake-state"));
    pulumiHome = Files.createDirectories(root.resolve("image-pulumi-home"));
  }

  private void config(Map<String, Object> changes) throws IOException {
    Map<String, Object> config = new LinkedHashMap<>();
    MAPPER
        .readTree(root.resolve("config.json").toFile())
        .properties()
        .forEach(entry -> config.put(entry.getKey(), entry.getValue()));
    config.putAll(changes);
    MAPPER.writeValue(root.resolve("config.json").toFile(), config);
  }

  private void secrets(Map<String, String> secrets) throws IOException {
    MAPPER.writeValue(root.resolve("secrets.json").toFile(), secrets);
  }

  /** Pulumi Cloud: an https backend and an access token. */
  private void cloud(String stack) throws IOException {
    Map<String, Object> changes = new LinkedHashMap<>();
    changes.put("backend_url", "https://api.pulumi.com");
    if (stack != null) {
      changes.put("stack", stack);
    }
    config(changes);
    secrets(Map.of("pulumi_access_token", TOKEN, "database_password", DB_PASSWORD));
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
            // The tests look at what a run leaves in the step directory (the stack file).
            "--in-place",
            "--env",
            "MASSDRIVER_INSTANCE_ID=ecomm-prod-api"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PATH", FAKE_PULUMI + ":" + System.getenv("PATH"));
    builder.environment().put("FAKE_PULUMI_STATE", state.toString());
    // The image sets PULUMI_HOME (where its provider plugins are); the wrapper must keep it.
    builder.environment().put("PULUMI_HOME", pulumiHome.toString());
    builder.environment().keySet().removeIf(name -> name.startsWith("PULUMI_CONFIG_PASSPHRASE"));
    builder.environment().putAll(scenario);
    return builder;
  }

  private Run run(String action, Map<String, String> scenario) throws Exception {
    Files.deleteIfExists(state.resolve("calls.log"));
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

  private static List<String> onStack(String stack, String... arguments) {
    List<String> argv = new ArrayList<>(List.of(arguments));
    argv.addAll(List.of("--stack", stack, "--non-interactive"));
    return argv;
  }

  private static List<String> stack(String... arguments) {
    return onStack(STACK, arguments);
  }

  private List<List<String>> preamble() {
    return List.of(
        List.of("login", "--non-interactive", "file://" + root.resolve(".pulumi-state")),
        stack("stack", "select", "--create"),
        stack("config", "set", "params"),
        stack("config", "set", "--secret", "connections"),
        stack("config", "set", "--secret", "secrets"));
  }

  private static List<List<String>> argvs(Run run) {
    return run.calls().stream().map(Call::args).toList();
  }

  /** The argv of an operation run with an event log, up to --event-log. */
  private static List<String> loggedOperation(String operation) {
    return List.of(
        operation,
        "--yes",
        "--stack",
        STACK,
        "--non-interactive",
        "--color",
        "never",
        "--event-log");
  }

  /** An operation's argv without the value of --event-log, a temporary file. */
  private static List<String> withoutEventLogPath(List<String> argv) {
    List<String> copy = new ArrayList<>(argv);
    int flag = copy.indexOf("--event-log");
    if (flag >= 0) {
      copy.remove(flag + 1);
    }
    return copy;
  }

  @Test
  void planWritesConfigThenPreviewsAsJsonAndLogsTheChangeSet() throws Exception {
    Run run = run("plan", Map.of());

    assertThat(run.exitCode()).as(run.output()).isZero();
    List<List<String>> expected = new ArrayList<>(preamble());
    expected.add(
        List.of("preview", "--stack", STACK, "--non-interactive", "--color", "never", "--json"));
    assertThat(argvs(run)).containsExactlyElementsOf(expected);
    assertThat(run.output())
        .contains("plan for stack " + STACK + ": 2 to create")
        .contains("aws:s3/bucketV2:BucketV2: 1 to create");
    assertThat(Files.readString(state.resolve("config-params"))).contains("\"replicas\":2");
    assertThat(Files.readString(state.resolve("config-secrets")))
        .contains(DB_PASSWORD)
        .doesNotContain(PASSPHRASE);
  }

  @Test
  void planNamesWhatWouldBeReplacedOrDeletedWithoutPropertyValues() throws Exception {
    Run run =
        run(
            "plan",
            Map.of(
                "FAKE_PULUMI_PREVIEW_DIGEST",
                JSON_FIXTURES.resolve("preview-changes.json").toString()));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains(
            "plan for stack "
                + STACK
                + ": 1 to create, 1 to update, 1 to replace, 1 to delete,"
                + " 2 unchanged",
            "aws:rds/instance:Instance: 1 to replace",
            "to replace: aws:rds/instance:Instance 'orders-db' (because of engineVersion)",
            "to delete: aws:iam/role:Role 'legacy-uploader'",
            "[warning] BucketV2 is deprecated")
        .doesNotContain("16.4", "db.t3.medium");
  }

  @Test
  void connectionsAndSecretsAreSecretConfigNeverPlaintextInTheStackFile() throws Exception {
    Run run = run("plan", Map.of());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(state.resolve("config-connections.secure")).exists();
    assertThat(state.resolve("config-secrets.secure")).exists();
    assertThat(state.resolve("config-params.secure")).doesNotExist();
    String stackFile = Files.readString(root.resolve("bundle/src").resolve(STACK_FILE));
    assertThat(stackFile)
        .contains("ecomm-assets:params:", "ecomm-assets:connections: {secure: v1:")
        .doesNotContain("md-ecomm-prod-external-id-7f3a", "arn:aws:iam::123456789012", DB_PASSWORD);
  }

  @Test
  void provisionReportsChangesFromTheEventLogAndThePublishedOutputs() throws Exception {
    Run run = run("provision", Map.of());

    assertThat(run.exitCode()).as(run.output()).isZero();
    List<List<String>> operations = argvs(run).subList(5, argvs(run).size());
    assertThat(withoutEventLogPath(operations.get(0))).isEqualTo(loggedOperation("up"));
    Path eventLog = Path.of(operations.get(0).get(operations.get(0).size() - 1));
    assertThat(eventLog.getParent()).isEqualTo(root);
    assertThat(eventLog).doesNotExist();
    assertThat(run.calls().get(5).env()).containsEntry("PULUMI_DEBUG_COMMANDS", "true");
    assertThat(operations.subList(1, 3))
        .containsExactly(
            stack("stack", "output", "--json"),
            stack("stack", "output", "--json", "--show-secrets"));
    assertThat(run.output())
        .contains("update of stack " + STACK + ": 2 created")
        .contains("aws:s3/bucketV2:BucketV2: 1 created")
        .contains("stack outputs (secrets as [secret]): ")
        .contains("\"bucket_name\":\"ecomm-prod-api-abc1-assets\"")
        .contains("ecomm-prod-api-abc1-assets");
  }

  @Test
  void nestedSecretOutputsAreMaskedWhereverTheyArePrinted() throws Exception {
    Run run = run("provision", Map.of());

    assertThat(run.exitCode()).as(run.output()).isZero();
    // The template publishes access.signed_url, a secret nested in an object output; a local run
    // logs the payload it would send.
    assertThat(run.output())
        .contains("\"signed_url\"")
        .doesNotContain(
            "X-Amz-Signature=5f1c9e0b7a2d48e6",
            "X-Amz-Signature=0c4d77aa19e3",
            "AKIAFAKEADMIN7Q2W",
            "pg-output-3b8e51d07c");
  }

  @Test
  void decommissionDestroysReportsAndRemovesTheStackWithItsBackups() throws Exception {
    assertThat(run("provision", Map.of()).exitCode()).isZero();

    Run run = run("decommission", Map.of());

    assertThat(run.exitCode()).as(run.output()).isZero();
    List<List<String>> operations = argvs(run).subList(5, argvs(run).size());
    assertThat(withoutEventLogPath(operations.get(0))).isEqualTo(loggedOperation("destroy"));
    assertThat(operations.get(1)).isEqualTo(stack("stack", "rm", "--yes", "--remove-backups"));
    assertThat(run.output()).contains("destroy of stack " + STACK + ": 2 deleted");
    assertThat(state.resolve("stacks").resolve(STACK)).doesNotExist();
    assertThat(state.resolve("orphaned-backups")).doesNotExist();
  }

  @Test
  void onPulumiCloudAQualifiedStackNameIsKeptAndNoBackupFlagIsSent() throws Exception {
    cloud("acme/ecomm-assets/prod-api");
    String qualified = "acme/ecomm-assets/prod-api";

    Run provision = run("provision", Map.of());
    Run decommission = run("decommission", Map.of());

    assertThat(provision.exitCode()).as(provision.output()).isZero();
    assertThat(argvs(provision).get(0))
        .containsExactly("login", "--non-interactive", "https://api.pulumi.com");
    assertThat(argvs(provision).get(1))
        .isEqualTo(onStack(qualified, "stack", "select", "--create"));
    assertThat(decommission.exitCode()).as(decommission.output()).isZero();
    assertThat(argvs(decommission)).endsWith(onStack(qualified, "stack", "rm", "--yes"));
    assertThat(provision.calls().get(0).env()).containsEntry("PULUMI_ACCESS_TOKEN", TOKEN);
  }

  @Test
  void credentialsTravelInTheEnvironmentAndTheImagesPulumiHomeIsKept() throws Exception {
    Run run = run("provision", Map.of());

    assertThat(run.exitCode()).as(run.output()).isZero();
    for (Call call : run.calls()) {
      assertThat(String.join(" ", call.args())).doesNotContain(PASSPHRASE, DB_PASSWORD);
      assertThat(call.env())
          .containsEntry("PULUMI_CONFIG_PASSPHRASE", PASSPHRASE)
          .containsEntry("PULUMI_HOME", pulumiHome.toString())
          .containsEntry("PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER", "true")
          .containsEntry("APP_REGION", "us-west-2")
          .containsEntry("PULUMI_SKIP_UPDATE_CHECK", "true");
    }
  }

  @Test
  void theSecretsProviderOfTheStateIsKeptWhenTheNextRunHasAFreshBundle() throws Exception {
    assertThat(run("provision", Map.of()).exitCode()).isZero();
    String first =
        Files.readString(state.resolve("stacks").resolve(STACK).resolve("secrets-manager"));
    // The next deployment starts from a fresh bundle: no stack config file.
    Files.delete(root.resolve("bundle/src").resolve(STACK_FILE));

    Run second = run("provision", Map.of());

    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(state.resolve("stacks").resolve(STACK).resolve("secrets-manager")).hasContent(first);
    assertThat(Files.readString(root.resolve("bundle/src").resolve(STACK_FILE)))
        .contains("encryptionsalt: " + first.strip().substring("passphrase:".length()));
  }

  @Test
  void aSelfManagedBackendWithoutAPassphraseIsAnInputErrorBeforeAnyCommand() throws Exception {
    secrets(Map.of("database_password", DB_PASSWORD));

    Run run = run("provision", Map.of());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.output()).contains("secrets.json has no pulumi_config_passphrase");
    assertThat(run.calls()).isEmpty();
  }

  @Test
  void secretsTheToolPrintsAreMasked() throws Exception {
    Run run = run("provision", Map.of("FAKE_PULUMI_ECHO_SECRET", "1"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("debug: passphrase=***").doesNotContain(PASSPHRASE);
    assertThat(run.output())
        .doesNotContain(
            Base64.getEncoder().encodeToString(PASSPHRASE.getBytes(StandardCharsets.UTF_8)));
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
  void aLockedStackOnASelfManagedBackendIsReleasedAndTheUpdateRetried() throws Exception {
    Run run = run("provision", Map.of("FAKE_PULUMI_LOCKED_UPS", "1"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    List<String> operations = argvs(run).stream().map(argv -> argv.get(0)).toList();
    assertThat(operations.subList(5, 8)).containsExactly("up", "cancel", "up");
    assertThat(run.output()).contains("the stack is currently locked by 1 lock(s)", "releasing it");
  }

  @Test
  void aLockedStackOnPulumiCloudIsReleasedAndTheUpdateRetried() throws Exception {
    cloud(null);

    Run run = run("provision", Map.of("FAKE_PULUMI_LOCKED_UPS", "1"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    List<String> operations = argvs(run).stream().map(argv -> argv.get(0)).toList();
    assertThat(operations.subList(5, 8)).containsExactly("up", "cancel", "up");
    assertThat(run.output())
        .contains("[409] Conflict: Another update is currently in progress.", "releasing it");
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

  /**
   * The fake rejects a flag missing from its tables the way the CLI's flag parser does; that the
   * tables equal the CLI's declarations is recorded, with the upstream commit, in the fake itself.
   */
  @Test
  void theFakePulumiRejectsAFlagMissingFromItsTablesWithTheCliError() throws Exception {
    Path fake = FAKE_PULUMI.resolve("pulumi");
    for (List<String> argv :
        List.of(
            List.of("up", "--yes", "--no-such-flag"),
            List.of("up", "--yes", "--event-log", "/tmp/events.jsonl"),
            List.of("preview", "--skip-preview"),
            List.of("stack", "rm", "--remove"),
            List.of("config", "set", "--show-secrets", "key"))) {
      List<String> command = new ArrayList<>(List.of(fake.toString()));
      command.addAll(argv);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("FAKE_PULUMI_STATE", state.toString());
      builder.environment().remove("PULUMI_DEBUG_COMMANDS");
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(argv + ": " + output).isEqualTo(255);
      assertThat(output).as(argv.toString()).startsWith("error: unknown flag: --");
    }
  }
}
