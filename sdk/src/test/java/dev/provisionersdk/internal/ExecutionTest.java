package dev.provisionersdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisionersdk.Action;
import dev.provisionersdk.CommandFailedException;
import dev.provisionersdk.CommandRunner;
import dev.provisionersdk.Controls;
import dev.provisionersdk.Environments;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Request;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container path (no arguments) and the local runner, through {@link Execution}. */
class ExecutionTest {
  private static final String SECRET = "db-pass-4f9a2c";
  private static final String TOKEN = "md-token-77e1b0";

  @TempDir Path root;
  private final List<Action> calls = new ArrayList<>();
  private HandlerBody body = request -> {};

  interface HandlerBody {
    void run(Request request) throws Exception;
  }

  private Controls controls = Controls.defaults();

  private final Dispatcher dispatcher =
      new Dispatcher() {
        @Override
        public Controls controls() {
          return controls;
        }

        @Override
        public Optional<CommandRunner> commandRunner() {
          return Optional.empty();
        }

        @Override
        public boolean handles(Action action) {
          return action != Action.DECOMMISSION;
        }

        @Override
        public void dispatch(Request request) throws Exception {
          calls.add(request.action());
          body.run(request);
        }
      };

  @BeforeEach
  void layout() throws IOException {
    Files.createDirectories(root.resolve("bundle/src"));
    Files.writeString(root.resolve("secrets.json"), "{\"db\":\"" + SECRET + "\"}");
    Files.writeString(root.resolve("params.json"), "{\"md_metadata\":{\"name_prefix\":\"p-1\"}}");
  }

  private Map<String, String> containerEnv(String action) {
    Map<String, String> env = new HashMap<>();
    env.put("MASSDRIVER_DEPLOYMENT_ACTION", action);
    env.put("MASSDRIVER_STEP_PATH", "src");
    env.put("MASSDRIVER_INSTANCE_ID", "api-prod-db");
    env.put("MASSDRIVER_TOKEN", TOKEN);
    env.put("PATH", "/usr/bin");
    return env;
  }

  private CapturedRun run(String[] args, Map<String, String> env) {
    return CapturedRun.of(new Execution("test-provisioner", "9.9.9", dispatcher, root), args, env);
  }

  private CapturedRun runContainer(String action) {
    return run(new String[0], containerEnv(action));
  }

  @Test
  void containerRunDispatchesTheActionAndLogsItFirst() {
    CapturedRun outcome = runContainer("plan");

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(calls).containsExactly(Action.PLAN);
    String firstLine = outcome.err().lines().findFirst().orElseThrow();
    assertThat(firstLine)
        .contains("test-provisioner 9.9.9", "plan", "step=src", "instance=api-prod-db")
        .containsPattern("Provisioner SDK \\S+");
  }

  @Test
  void handlerOutputIsMaskedOnBothStreams() {
    body =
        request -> {
          System.out.println("secret is " + SECRET + " and token " + TOKEN);
          System.err.println("err " + request.secret("db").orElseThrow().reveal());
        };

    CapturedRun outcome = runContainer("provision");

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out()).contains("secret is *** and token ***");
    assertThat(outcome.err()).contains("err ***");
    assertThat(outcome.out() + outcome.err()).doesNotContain(SECRET, TOKEN);
  }

  @Test
  void systemStreamsAreRestoredAfterTheRun() {
    PrintStream before = System.out;
    runContainer("plan");
    assertThat(System.out).isSameAs(before);
  }

  @Test
  void unknownActionExitsWithUsageCodeAndListsValidActions() {
    CapturedRun outcome = runContainer("apply");

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(outcome.err())
        .contains("unknown action 'apply'", "plan, provision, decommission")
        .doesNotContain("\tat ");
    assertThat(calls).isEmpty();
  }

  @Test
  void missingActionExitsWithUsageCode() {
    Map<String, String> env = containerEnv("plan");
    env.remove("MASSDRIVER_DEPLOYMENT_ACTION");
    CapturedRun outcome = run(new String[0], env);
    assertThat(outcome.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(outcome.err()).contains("MASSDRIVER_DEPLOYMENT_ACTION is not set");
  }

  @Test
  void malformedSecretsFileIsNamedWithoutItsContentOrAStackTrace() throws IOException {
    Files.writeString(
        root.resolve("secrets.json"),
        "{\n  \"db\": \"" + SECRET + "\",\n  \"key\": oops-" + SECRET + "\n}");

    CapturedRun outcome = runContainer("plan");

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(outcome.err()).contains("secrets.json line 3").doesNotContain("\tat ");
    assertThat(outcome.out() + outcome.err()).doesNotContain(SECRET, "oops");
    assertThat(calls).isEmpty();
  }

  @Test
  void handlerFailurePrintsMessageAndStackTraceMaskedAndExitsOne() {
    body =
        request -> {
          throw new IllegalStateException("cannot connect with password " + SECRET);
        };

    CapturedRun outcome = runContainer("provision");

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.HANDLER_FAILED);
    assertThat(outcome.err())
        .contains(
            "error: provision failed: IllegalStateException: cannot connect with password ***")
        .contains("\tat ")
        .doesNotContain(SECRET);
  }

  @Test
  void causeChainsAndSuppressedExceptionsArePrintedMasked() {
    String base64 =
        java.util.Base64.getEncoder()
            .encodeToString(("user:" + SECRET + "@db").getBytes(StandardCharsets.UTF_8));
    body =
        request -> {
          IllegalStateException root =
              new IllegalStateException("root cause: token " + TOKEN + " rejected");
          RuntimeException middle = new RuntimeException("auth header Basic " + base64, root);
          middle.addSuppressed(new IOException("cleanup saw \"" + SECRET + "\""));
          throw new IllegalStateException("provisioning " + SECRET + " failed", middle);
        };

    CapturedRun outcome = runContainer("provision");

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.HANDLER_FAILED);
    assertThat(outcome.err())
        .contains("Caused by: java.lang.RuntimeException: auth header Basic ")
        .contains("Caused by: java.lang.IllegalStateException: root cause: token *** rejected")
        .contains("Suppressed: java.io.IOException: cleanup saw \"***\"")
        .doesNotContain(SECRET, TOKEN, base64.substring(4, 24));
  }

  @Test
  void anUncaughtExceptionOnAnotherThreadIsPrintedMasked() {
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    body =
        request -> {
          Thread worker =
              new Thread(
                  () -> {
                    throw new IllegalStateException("worker saw " + SECRET);
                  },
                  "tool-watcher");
          worker.start();
          worker.join();
        };

    CapturedRun outcome = runContainer("provision");

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.err())
        .contains(
            "Exception in thread \"tool-watcher\" java.lang.IllegalStateException: worker saw ***")
        .contains("\tat ")
        .doesNotContain(SECRET);
    assertThat(Thread.getDefaultUncaughtExceptionHandler()).isSameAs(before);
  }

  @Test
  void aJulLoggerUsedBeforeTheRunPrintsIntoTheRunsStreamsMaskedAndIsPutBackAfter() {
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger("execution-test.jul");
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.getHandlers(); // JUL's root console handler now exists, holding the test JVM's stderr
    List<java.util.logging.Handler> before = List.of(root.getHandlers());
    body = request -> jul.warning("jul saw " + SECRET);

    CapturedRun outcome = runContainer("provision");

    assertThat(outcome.err()).contains("jul saw ***").doesNotContain(SECRET);
    assertThat(root.getHandlers()).containsExactlyElementsOf(before);
  }

  @Test
  void fieldsTheBundleSchemasMarkSensitiveAreMasked() throws IOException {
    Files.writeString(
        root.resolve("params.json"),
        "{\"db\":{\"user\":\"admin-user\",\"password\":\"param-pass-81c3\",\"pin\":\"12\"},"
            + "\"keys\":[{\"id\":\"k1\",\"value\":\"array-key-5d0e\"}]}");
    Files.writeString(
        root.resolve("bundle/schema-params.json"),
        "{\"properties\":{\"db\":{\"properties\":{"
            + "\"user\":{\"type\":\"string\"},"
            + "\"password\":{\"type\":\"string\",\"$md.sensitive\":true},"
            + "\"pin\":{\"type\":\"string\",\"$md.sensitive\":true}}},"
            + "\"keys\":{\"items\":{\"properties\":{\"value\":{\"$md.sensitive\":true}}}}}}");
    Files.writeString(
        root.resolve("connections.json"),
        "{\"cluster\":{\"token\":\"conn-token-a9f2\",\"server\":\"https://k8s\"}}");
    Files.writeString(
        root.resolve("bundle/schema-connections.json"),
        "{\"properties\":{\"cluster\":{\"properties\":{\"token\":{\"$md.sensitive\":true}}}}}");
    body =
        request -> {
          System.out.println(request.params());
          System.out.println(request.connections());
        };

    CapturedRun outcome = runContainer("plan");

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out())
        .contains("\"user\":\"admin-user\"", "\"password\":\"***\"", "\"value\":\"***\"")
        .contains("\"token\":\"***\"", "https://k8s")
        .doesNotContain("param-pass-81c3", "array-key-5d0e", "conn-token-a9f2");
    assertThat(outcome.err())
        .contains("params.json $.db.pin is shorter than 4 characters")
        .doesNotContain("\"12\"");
  }

  @Test
  void aSecretHoldingJsonHasItsLeavesMasked() throws IOException {
    Files.writeString(
        root.resolve("secrets.json"),
        "{\"sa\":\"{\\\"client_id\\\":\\\"id1\\\",\\\"client_secret\\\":\\\"cs-9a8b7c\\\"}\"}");
    body = request -> System.out.println("secret: cs-9a8b7c id: id1");

    CapturedRun outcome = runContainer("plan");

    assertThat(outcome.out()).contains("secret: *** id: id1");
  }

  @Test
  void aToolsExitCodeIsPassedThroughAndSaidToBeTheTools() {
    body =
        request -> {
          throw CommandFailedException.exited(List.of("dns-tool", "apply"), 2, "zone locked");
        };

    CapturedRun outcome = runContainer("plan");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err())
        .contains("plan failed (exit code 2, the tool's own): `dns-tool apply` exited with 2");
  }

  @Test
  void aTaskReturnsItsValueAndAnEmptyOptionalWhenSkipped() {
    List<Object> values = new ArrayList<>();
    body =
        request -> {
          values.add(request.task("create-zone", () -> "zone-42"));
          values.add(
              request.task(
                  "prod-only", Environments.only("prod"), Controls.defaults(), () -> "never"));
          values.add(request.task("nothing", () -> null));
        };

    CapturedRun outcome = runContainer("plan");

    assertThat(outcome.exitCode()).as(outcome.err()).isZero();
    assertThat(values).containsExactly(Optional.of("zone-42"), Optional.empty(), Optional.empty());
  }

  @Test
  void exceptionCarryingAnExitCodePassesItThrough() {
    body =
        request -> {
          throw ProvisionerException.withExitCode(7, "tool exited with 7");
        };

    CapturedRun outcome = runContainer("plan");

    assertThat(outcome.exitCode()).isEqualTo(7);
    assertThat(outcome.err()).contains("plan failed (exit code 7): tool exited with 7");
  }

  @Test
  void actionWithoutAHandlerIsAUsageError() {
    CapturedRun outcome = runContainer("decommission");
    assertThat(outcome.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(outcome.err()).contains("has no decommission handler");
  }

  @Test
  void localRunnerFakesTheEnvironmentFromArguments() {
    Path[] stepSeen = new Path[1];
    body = request -> stepSeen[0] = request.stepDirectory();

    CapturedRun outcome =
        run(
            new String[] {
              "provision",
              "--inputs",
              root.toString(),
              "--step",
              "src",
              "-e",
              "MASSDRIVER_INSTANCE_ID=local-db"
            },
            Map.of("MASSDRIVER_DEPLOYMENT_ACTION", "decommission", "HOME", "/root"));

    assertThat(outcome.exitCode()).isZero();
    assertThat(calls).containsExactly(Action.PROVISION);
    // The run works in a fresh copy of the inputs directory, deleted afterwards.
    assertThat(stepSeen[0].endsWith(Path.of("bundle/src"))).isTrue();
    assertThat(stepSeen[0].startsWith(root)).isFalse();
    assertThat(stepSeen[0]).doesNotExist();
    assertThat(outcome.err()).contains("instance=local-db");
  }

  @Test
  void localRunnerMasksATokenPassedWithEnv() {
    body = request -> System.out.println(request.context().token().orElseThrow().reveal());
    CapturedRun outcome =
        run(
            new String[] {
              "plan", "--inputs", root.toString(), "--env", "MASSDRIVER_TOKEN=" + TOKEN
            },
            Map.of());
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out()).contains("***").doesNotContain(TOKEN);
  }

  @Test
  void localRunnerHelpDocumentsEveryOption() {
    CapturedRun outcome = run(new String[] {"plan", "--help"}, Map.of());
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out()).contains("--inputs", "--step", "--env", "--help", "--version");
    assertThat(calls).isEmpty();
  }

  @Test
  void localRunnerTopLevelHelpListsActionsAndExitCodes() {
    CapturedRun outcome = run(new String[] {"--help"}, Map.of());
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out()).contains("plan", "provision", "decommission", "Exit codes", "143");
  }

  @Test
  void localRunnerUnknownActionIsAUsageError() {
    CapturedRun outcome = run(new String[] {"apply", "--inputs", root.toString()}, Map.of());
    assertThat(outcome.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(outcome.err()).contains("apply").contains("plan", "provision", "decommission");
    assertThat(calls).isEmpty();
  }

  @Test
  void localRunnerVersionNamesProvisionerAndSdk() {
    CapturedRun outcome = run(new String[] {"--version"}, Map.of());
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out()).contains("test-provisioner 9.9.9", "Provisioner SDK");
  }
}
