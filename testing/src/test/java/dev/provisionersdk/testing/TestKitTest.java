package dev.provisionersdk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisionersdk.Action;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Request;
import dev.provisionersdk.runtime.Provisioner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestKitTest {
  record Params(int replicas) {}

  private static final Provisioner ECHO =
      Provisioner.builder("echo")
          .plan(
              request -> {
                System.out.println("replicas=" + request.params(Params.class).replicas());
                System.out.println("password=" + request.secret("password").orElseThrow().reveal());
                org.slf4j.LoggerFactory.getLogger("echo").info("logged line");
              })
          .provision(
              request -> {
                throw new IllegalStateException("boom");
              })
          .build();

  @TempDir Path directory;

  @Test
  void requestIsBuiltFromStringsMapsAndEnvironment() {
    Request request =
        TestInputs.create()
            .params("{\"replicas\": 3}")
            .config(Map.of("enabled", false))
            .envs(Map.of("LOG_LEVEL", "debug"))
            .secrets(Map.of("password", "p4ssw0rd-long"))
            .connections("{\"aws\":{\"data\":{\"arn\":\"a\"}}}")
            .bundleFile("massdriver.yaml", "name: test\n")
            .step("deploy")
            .env("MASSDRIVER_INSTANCE_ID", "api-prod")
            .request(Action.PROVISION, directory);

    assertThat(request.action()).isEqualTo(Action.PROVISION);
    assertThat(request.params(Params.class)).isEqualTo(new Params(3));
    assertThat(request.config("enabled", Boolean.class, true)).isFalse();
    assertThat(request.envs()).containsEntry("LOG_LEVEL", "debug");
    assertThat(request.secret("password").orElseThrow().reveal()).isEqualTo("p4ssw0rd-long");
    assertThat(request.connection("aws")).isPresent();
    assertThat(request.massdriverYaml()).isPresent();
    assertThat(request.stepDirectory()).endsWith(Path.of("bundle", "deploy")).isDirectory();
    assertThat(request.context().instanceId()).contains("api-prod");
  }

  @Test
  void inputFileIsCopiedFromDisk() throws IOException {
    Path params = Files.writeString(directory.resolve("p.json"), "{\"replicas\": 5}");
    Path target = Files.createDirectory(directory.resolve("inputs"));
    Request request =
        TestInputs.create().inputFile("params.json", params).request(Action.PLAN, target);
    assertThat(request.params(Params.class).replicas()).isEqualTo(5);
  }

  @Test
  void requestFailsLikeTheRuntimeOnBadInput() {
    TestInputs inputs = TestInputs.create().params("{\"replicas\": ");
    assertThatThrownBy(() -> inputs.request(Action.PLAN, directory))
        .isInstanceOfSatisfying(
            ProvisionerException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT));
  }

  @Test
  void wholeRunCapturesExitCodeOutputAndLogLines() {
    TestInputs inputs =
        TestInputs.create()
            .params(Map.of("replicas", 2))
            .secrets(Map.of("password", "p4ssw0rd-long"));

    RunResult result = TestRunner.of(ECHO).run(Action.PLAN, inputs);

    RunResultAssert.assertThat(result).succeeded().stdoutContains("replicas=2", "password=***");
    RunResultAssert.assertThat(result).leaksNoSecrets();
    assertThat(result.logLines()).anyMatch(line -> line.contains("logged line"));
    assertThat(result.secretValues()).containsExactly("p4ssw0rd-long");
  }

  @Test
  void wholeRunReportsHandlerFailure() {
    RunResult result = TestRunner.of(ECHO).run(Action.PROVISION, TestInputs.create());
    RunResultAssert.assertThat(result)
        .exitedWith(ExitCode.HANDLER_FAILED)
        .stderrContains("provision failed", "boom");
  }

  @Test
  void rawArgumentsReachTheLocalRunner() {
    RunResult result = TestRunner.of(ECHO).run(new String[] {"destroy"}, Map.of());
    RunResultAssert.assertThat(result).exitedWith(ExitCode.INVALID_INPUT).stderrContains("destroy");
  }

  @Test
  void leakAssertionFailsWhenASecretAppearsAndDoesNotPrintIt() {
    RunResult leaked = new RunResult(0, "the value is hunter2-long\n", "", List.of("hunter2-long"));
    assertThatThrownBy(() -> RunResultAssert.assertThat(leaked).leaksNoSecrets())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("appears in stdout")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2-long"));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "raw | the value is hunter2-long-secret",
        "base64 in a longer text | data: aHVudGVyMi1sb25nLXNlY3JldA== more",
        "json-escaped line break | {\"pem\": \"line-one\\nline-two\"}",
        "one line of a multi-line value | second: line-two"
      })
  void leakAssertionCatchesEachForm(String reason, String output) {
    List<String> secrets = List.of("hunter2-long-secret", "line-one\nline-two");
    RunResult leaked = new RunResult(0, output + "\n", "", secrets);
    assertThatThrownBy(() -> RunResultAssert.assertThat(leaked).leaksNoSecrets())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("appears in stdout");
  }

  @Test
  void leakAssertionPassesMaskedOutput() {
    RunResult clean =
        new RunResult(0, "password=*** pem=***\n", "", List.of("hunter2-long-secret"));
    RunResultAssert.assertThat(clean).leaksNoSecrets();
  }

  @Test
  void secretValuesIncludeNestedLeavesAndToken() {
    TestInputs inputs =
        TestInputs.create()
            .secrets("{\"a\":{\"b\":[\"nested-one\", 123456]},\"short\":\"xy\"}")
            .env("MASSDRIVER_TOKEN", "token-value-1");
    assertThat(inputs.secretValues())
        .containsExactlyInAnyOrder("nested-one", "123456", "token-value-1");
  }

  @Test
  void exitCodeAssertionFailsOnMismatch() {
    RunResult result = new RunResult(2, "", "error: x\n", List.of());
    assertThatThrownBy(() -> RunResultAssert.assertThat(result).succeeded())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected exit code 0 but was 2");
  }

  /** Keeps a counter in the step directory, as a tool keeps its state file. */
  private static final Provisioner STATEFUL =
      Provisioner.builder("stateful")
          .provision(
              request -> {
                Path state = request.stepDirectory().resolve("state.txt");
                int runs = Files.exists(state) ? Integer.parseInt(Files.readString(state)) : 0;
                Files.writeString(state, String.valueOf(runs + 1));
              })
          .decommission(
              request -> {
                Path state = request.stepDirectory().resolve("state.txt");
                System.out.println("state=" + Files.readString(state));
                Files.delete(state);
              })
          .build();

  @Test
  void stateCarriesAcrossRunsInAWorkDirectoryTheTestOwns() {
    Path work = directory.resolve("work");
    TestRunner runner = TestRunner.of(STATEFUL);
    TestInputs inputs = TestInputs.create();

    RunResultAssert.assertThat(runner.run(Action.PROVISION, inputs, work)).succeeded();
    RunResultAssert.assertThat(runner.run(Action.PROVISION, inputs, work)).succeeded();
    RunResult decommission = runner.run(Action.DECOMMISSION, inputs, work);

    RunResultAssert.assertThat(decommission).succeeded().stdoutContains("state=2");
    assertThat(work.resolve("bundle/src")).isDirectory();
    assertThat(work.resolve("bundle/src/state.txt")).doesNotExist();
  }

  @Test
  void aRunInATemporaryDirectoryStartsWithoutState() {
    TestRunner runner = TestRunner.of(STATEFUL);
    RunResultAssert.assertThat(runner.run(Action.PROVISION, TestInputs.create())).succeeded();
    RunResultAssert.assertThat(runner.run(Action.DECOMMISSION, TestInputs.create()))
        .exitedWith(ExitCode.HANDLER_FAILED)
        .stderrContains("NoSuchFileException");
  }

  @Test
  void configMapsMergeIntoTheConfigSoFar() throws IOException {
    TestInputs inputs =
        TestInputs.create()
            .config("{\"dns\":{\"ttl\":\"5m\",\"zone\":\"example.com\"},\"verbose\":true}")
            .config(Map.of("dns", Map.of("ttl", "1h")))
            .config(Map.of("verbose", false));

    Request request = inputs.request(Action.PLAN, directory);

    assertThat(request.config().toString())
        .isEqualTo("{\"dns\":{\"ttl\":\"1h\",\"zone\":\"example.com\"},\"verbose\":false}");
  }

  @Test
  void configMapsMergeIntoTheSampleDirectorysConfig() throws IOException {
    Path sample = Files.createDirectory(directory.resolve("sample"));
    Files.writeString(sample.resolve("config.json"), "{\"a\":1,\"b\":{\"c\":2}}");
    Path target = Files.createDirectory(directory.resolve("inputs"));

    Request request =
        TestInputs.fromDirectory(sample)
            .config(Map.of("b", Map.of("d", 3)))
            .request(Action.PLAN, target);

    assertThat(request.config().toString()).isEqualTo("{\"a\":1,\"b\":{\"c\":2,\"d\":3}}");
  }

  @Test
  void doesNotContainAssertionsFailOnEitherStream() {
    RunResult result = new RunResult(0, "out: verbose token dump\n", "err: done\n", List.of());

    RunResultAssert.assertThat(result)
        .stdoutDoesNotContain("secret", "stack")
        .stderrDoesNotContain("\tat ", "verbose");
    assertThatThrownBy(() -> RunResultAssert.assertThat(result).stdoutDoesNotContain("verbose"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected stdout not to contain <verbose>");
    assertThatThrownBy(() -> RunResultAssert.assertThat(result).stderrDoesNotContain("x", "done"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected stderr not to contain <done>");
  }
}
