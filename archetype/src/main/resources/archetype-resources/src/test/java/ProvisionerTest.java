package ${package};

import static dev.provisionersdk.testing.RunResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.provisionersdk.Action;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.Request;
import dev.provisionersdk.testing.RunResult;
import dev.provisionersdk.testing.TestInputs;
import dev.provisionersdk.testing.TestRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ProvisionerTest {
  private static final TestInputs SAMPLE = TestInputs.fromDirectory(Path.of("sample"));
  private final TestRunner runner = TestRunner.of(Main.provisioner());

  @ParameterizedTest(name = "{0}")
  @EnumSource(Action.class)
  void everyActionSucceedsOnTheSampleAndLeaksNoSecret(Action action) {
    RunResult result = runner.run(action, SAMPLE);

    assertThat(result).succeeded().stdoutContains("demo-prod-app-x1y2").leaksNoSecrets();
  }

  @Test
  void planDescribesTheParams() {
    assertThat(runner.run(Action.PLAN, SAMPLE))
        .stdoutContains("Plan for demo-prod-app-x1y2: 2 replica(s) of size small in step src");
  }

  // Through the public API and the sample only, so replacing the template's handlers keeps these
  // tests compiling: change the expected texts to what your handlers print.
  @Test
  void decommissionRemovesWhatProvisionLeftInTheWorkDirectory(@TempDir Path work) {
    assertThat(runner.run(Action.PROVISION, SAMPLE, work))
        .succeeded()
        .stdoutContains("Provisioned demo-prod-app-x1y2");

    assertThat(runner.run(Action.DECOMMISSION, SAMPLE, work))
        .succeeded()
        .stdoutContains("Decommissioned demo-prod-app-x1y2: removed")
        .stdoutDoesNotContain("nothing to remove");
  }

  @Test
  void decommissionSucceedsWhenNothingIsLeft() {
    assertThat(runner.run(Action.DECOMMISSION, SAMPLE))
        .succeeded()
        .stdoutContains("nothing to remove");
  }

  @Test
  void aHandlerCalledDirectlyGetsTheSamplesInputs(@TempDir Path dir) {
    Request request = SAMPLE.request(Action.PROVISION, dir);

    assertThat(request.metadata().namePrefix()).contains("demo-prod-app-x1y2");
    assertThat(request.stepDirectory()).isDirectory();
  }

  @Test
  void provisionWithoutTheTokenExitsTwo() {
    RunResult result = runner.run(Action.PROVISION, SAMPLE.secrets(Map.of()));

    assertThat(result).exitedWith(ExitCode.INVALID_INPUT).stderrContains("api_token");
  }

  /**
   * Deployment scenarios: each {@code sample/scenarios/<name>/params.json} replaces the sample's
   * params; add a directory to test another one.
   */
  static Stream<Path> scenarios() throws Exception {
    try (Stream<Path> dirs = Files.list(Path.of("sample/scenarios"))) {
      return dirs.filter(dir -> Files.isRegularFile(dir.resolve("params.json")))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyScenarioPassesCheckAndPlans(Path scenario) {
    TestInputs inputs = SAMPLE.inputFile("params.json", scenario.resolve("params.json"));

    assertThat(runner.check(inputs)).succeeded();
    assertThat(runner.run(Action.PLAN, inputs)).succeeded();
  }

  @Test
  void theSampleHasNothingThePlatformWouldReject() {
    assertThat(runner.check(SAMPLE)).succeeded().stdoutContains("check: no problems");
  }

  @Test
  void paramsOfTheWrongTypeExitTwo() {
    RunResult result = runner.run(Action.PLAN, SAMPLE.params(Map.of("replicas", "many")));

    assertThat(result).exitedWith(ExitCode.INVALID_INPUT).stderrContains("replicas");
  }
}
