package dev.provisionersdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisionersdk.Action;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runner prepares its inputs as the platform prepares {@code /massdriver}: a fresh copy,
 * {@code config.json} compiled from the bundle, params checked against the bundle's schema; and
 * {@code check} reports every problem at once.
 */
class LocalRunTest {
  private static final String SECRET = "db-pass-4f9a2c";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path root;
  private final List<Request> requests = new ArrayList<>();
  private final List<Path> stepDirectories = new ArrayList<>();

  private final Dispatcher dispatcher =
      new Dispatcher() {

        @Override
        public boolean handles(Action action) {
          return true;
        }

        @Override
        public Set<String> ownedResources() {
          return Set.of();
        }

        @Override
        public void dispatch(Request request) throws IOException {
          requests.add(request);
          stepDirectories.add(request.stepDirectory());
          Files.writeString(request.stepDirectory().resolve("state.txt"), "written by the run");
        }
      };

  @BeforeEach
  void sample() throws IOException {
    Files.createDirectories(root.resolve("bundle/src"));
    Files.writeString(root.resolve("secrets.json"), "{\"db\":\"" + SECRET + "\"}");
    Files.writeString(
        root.resolve("params.json"),
        "{\"replicas\": 3, \"port\": 5432.0, \"name\": \"api\","
            + " \"md_metadata\": {\"name_prefix\": \"p-1\"}}");
    Files.writeString(root.resolve("connections.json"), "{\"vpc\": {\"data\": {\"id\": \"v-1\"}}}");
    bundle(
        "    config:\n"
            + "      replicas: .params.replicas\n"
            + "      port: .params.port\n"
            + "      prefix: .params.md_metadata.name_prefix\n"
            + "      vpc: .dependencies.vpc.data.id\n"
            + "      missing: .params.nothing\n"
            + "      literal: 7\n"
            + "      tags: [a, b]\n"
            + "      execution:\n"
            + "        timeout: '@text \"30m\"'\n");
  }

  private void bundle(String config) throws IOException {
    Files.writeString(
        root.resolve("bundle/massdriver.yaml"),
        "schema: draft-07\n"
            + "steps:\n"
            + "  - path: src\n"
            + "    provisioner: x\n"
            + config
            + "params:\n"
            + "  required: [replicas]\n"
            + "  properties:\n"
            + "    replicas: {type: integer, minimum: 1}\n"
            + "    name: {type: string, maxLength: 10}\n");
  }

  private CapturedRun run(String... args) {
    return CapturedRun.of(
        new Execution("test-provisioner", "9.9.9", dispatcher, root),
        args,
        Map.of("PATH", "/usr/bin"));
  }

  @Test
  void runWorksInAFreshCopyThatIsDeletedAndLeavesTheInputsUntouched() {
    CapturedRun outcome = run("provision", "--inputs", root.toString());

    assertThat(outcome.exitCode()).as(outcome.err()).isZero();
    Path step = stepDirectories.get(0);
    assertThat(step.startsWith(root)).isFalse();
    assertThat(step).doesNotExist();
    assertThat(outcome.err()).contains("local run in a fresh copy of " + root);
    assertThat(root.resolve("bundle/src/state.txt")).doesNotExist();
    assertThat(root.resolve("config.json")).doesNotExist();
  }

  @Test
  void keepWorkDirKeepsTheCopyWithWhatTheRunWrote() throws IOException {
    CapturedRun outcome = run("provision", "--inputs", root.toString(), "--keep-work-dir");

    assertThat(outcome.exitCode()).as(outcome.err()).isZero();
    Path step = stepDirectories.get(0);
    assertThat(step.resolve("state.txt")).hasContent("written by the run");
    assertThat(outcome.err()).contains("working copy is kept: " + step.getParent().getParent());
    try (var paths = Files.walk(step.getParent().getParent())) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Test
  void configIsCompiledFromTheBundleWhenTheInputsHaveNone() {
    CapturedRun outcome = run("plan", "--inputs", root.toString());

    assertThat(outcome.exitCode()).as(outcome.err()).isZero();
    JsonNode config = requests.get(0).config();
    assertThat(config.toString())
        .isEqualTo(
            "{\"replicas\":3,\"port\":5432.0,\"prefix\":\"p-1\",\"vpc\":\"v-1\",\"missing\":null,"
                + "\"literal\":7,\"tags\":[\"a\",\"b\"],\"execution\":{\"timeout\":\"30m\"}}");
  }

  @Test
  void configSetOverridesAValueAfterCompilation() {
    CapturedRun outcome =
        run(
            "plan",
            "--inputs",
            root.toString(),
            "--config-set",
            "execution.timeout=5m",
            "--config-set",
            "literal={\"a\": 1}");

    assertThat(outcome.exitCode()).as(outcome.err()).isZero();
    JsonNode config = requests.get(0).config();
    assertThat(config.path("execution").path("timeout").asText()).isEqualTo("5m");
    assertThat(config.path("literal").toString()).isEqualTo("{\"a\":1}");
  }

  @Test
  void aWrittenConfigJsonWinsUnlessCompileConfigIsGiven() throws IOException {
    Files.writeString(root.resolve("config.json"), "{\"hand\": \"written\"}");

    run("plan", "--inputs", root.toString());
    run("plan", "--inputs", root.toString(), "--compile-config");

    assertThat(requests.get(0).config().toString()).isEqualTo("{\"hand\":\"written\"}");
    assertThat(requests.get(1).config().has("hand")).isFalse();
    assertThat(requests.get(1).config().path("replicas").asInt()).isEqualTo(3);
  }

  @Test
  void brokenConfigFieldsFailWithExitCode2NamingEveryKeyPathAndJqsMessage() throws IOException {
    bundle(
        "    config:\n"
            + "      playbook: playbook.yml\n"
            + "      execution:\n"
            + "        tasks:\n"
            + "          playbook:\n"
            + "            timeout: .params.replicas + \"s\"\n"
            + "      many: .params.replicas, 2\n");

    CapturedRun outcome = run("provision", "--inputs", root.toString());

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(requests).isEmpty();
    assertThat(outcome.err())
        .contains("step src: the config block in bundle/massdriver.yaml has 3 broken fields")
        .contains("config.playbook: 'playbook.yml': jq error: Function playbook/0 does not exist")
        .contains(
            "config.execution.tasks.playbook.timeout: '.params.replicas + \"s\"': jq error:"
                + " number (3) and string (\"s\") cannot be added")
        .contains("config.many: '.params.replicas, 2': yielded 2 values");
  }

  @Test
  void paramsThatViolateTheBundleSchemaFailWithEveryViolation() throws IOException {
    Files.writeString(
        root.resolve("params.json"), "{\"replicas\": 0, \"name\": \"much-too-long-name\"}");

    CapturedRun outcome = run("plan", "--inputs", root.toString());

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(requests).isEmpty();
    assertThat(outcome.err())
        .contains("the inputs violate the bundle's schemas")
        .contains("params.json $.replicas:")
        .contains("params.json $.name:");
  }

  @Test
  void dependenciesJsonIsReadInPlaceOfConnectionsJson() throws IOException {
    Files.writeString(
        root.resolve("dependencies.json"), "{\"vpc\": {\"data\": {\"id\": \"v-2\"}}}");

    CapturedRun outcome = run("plan", "--inputs", root.toString());

    assertThat(outcome.exitCode()).as(outcome.err()).isZero();
    assertThat(requests.get(0).config().path("vpc").asText()).isEqualTo("v-2");
    assertThat(requests.get(0).connection("vpc").orElseThrow().toString()).contains("v-2");
    // Warned once, although the local runner reads the inputs before the run does.
    assertThat(outcome.err().split("dependencies.json and connections.json differ", -1)).hasSize(2);
  }

  @Test
  void aContainerRunNeitherCompilesTheConfigNorChecksTheSchemas() throws IOException {
    // The platform did both: a container run takes /massdriver as it is.
    bundle("    config:\n      broken: nope nope\n");
    Files.writeString(root.resolve("params.json"), "{\"replicas\": \"three\"}");
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        new Execution("test-provisioner", "9.9.9", dispatcher, root)
            .execute(
                new String[0],
                Map.of(
                    "MASSDRIVER_DEPLOYMENT_ACTION", "plan",
                    "MASSDRIVER_STEP_PATH", "src",
                    "PATH", "/usr/bin"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(requests.get(0).config().toString()).isEqualTo("{}");
    assertThat(stepDirectories.get(0).startsWith(root)).isTrue();
  }

  @Test
  void checkReportsEveryProblemGroupedByFileWithExitCode2() throws IOException {
    bundle("    config:\n      a: nope nope\n      b: .params.replicas\n");
    Files.writeString(root.resolve("params.json"), "{\"replicas\": \"three\"}");
    Files.writeString(root.resolve("envs.json"), "{\"broken\": ");
    Files.writeString(root.resolve("bundle/src/artifact_db.jq"), "{ id: ");

    CapturedRun outcome = run("check", "--inputs", root.toString());

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(requests).isEmpty();
    assertThat(outcome.out())
        .contains("envs.json\n  error: envs.json")
        .contains("bundle/massdriver.yaml steps[path=src].config\n  error: config.a: 'nope nope'")
        .contains("params.json\n  error: $.replicas:")
        .contains("bundle/src/ resources\n  error: resource field 'db' is not declared")
        .contains("artifact_db.jq: not a valid jq program")
        .doesNotContain(SECRET);
  }

  @Test
  void checkOfAGoodSampleExitsZeroAndListsWhatItCouldNotCheck() throws IOException {
    Files.writeString(
        root.resolve("bundle/massdriver.yaml"),
        Files.readString(root.resolve("bundle/massdriver.yaml"))
            + "connections:\n  properties:\n    vpc: {$ref: massdriver/aws-vpc}\n");

    CapturedRun outcome = run("check", "--inputs", root.toString());

    assertThat(outcome.exitCode()).as(outcome.out()).isZero();
    assertThat(outcome.out())
        .contains("connections.json\n  not checked: $.vpc: $ref massdriver/aws-vpc")
        .contains("check: no problems, 1 not checked");
  }
}
