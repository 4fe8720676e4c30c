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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

  @Test
  void provisionWritesItsStateInTheStepDirectory(@TempDir Path dir) throws Exception {
    Request request = SAMPLE.request(Action.PROVISION, dir);

    new Provision().provision(request);

    Path state = dir.resolve("bundle/src").resolve(Provision.STATE_FILE);
    assertThat(Files.readString(state)).contains("\"replicas\":2", "demo-prod-app-x1y2");
  }

  @Test
  void decommissionRemovesTheState(@TempDir Path dir) throws Exception {
    Request request = SAMPLE.request(Action.DECOMMISSION, dir);
    Path state = Files.writeString(request.stepDirectory().resolve(Provision.STATE_FILE), "{}");

    new Decommission().decommission(request);

    assertThat(state).doesNotExist();
  }

  @Test
  void decommissionSucceedsWhenNothingIsLeft() {
    RunResult result = runner.run(Action.DECOMMISSION, SAMPLE);

    assertThat(result).succeeded().stdoutContains("demo-prod-app-x1y2: nothing to remove");
  }

  @Test
  void provisionWithoutTheTokenExitsTwo() {
    RunResult result = runner.run(Action.PROVISION, SAMPLE.secrets(Map.of()));

    assertThat(result).exitedWith(ExitCode.INVALID_INPUT).stderrContains("api_token");
  }

  @Test
  void paramsOfTheWrongTypeExitTwo() {
    RunResult result = runner.run(Action.PLAN, SAMPLE.params(Map.of("replicas", "many")));

    assertThat(result).exitedWith(ExitCode.INVALID_INPUT).stderrContains("replicas");
  }
}
