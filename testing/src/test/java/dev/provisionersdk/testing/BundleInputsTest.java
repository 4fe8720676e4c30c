package dev.provisionersdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisionersdk.Action;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.Request;
import dev.provisionersdk.runtime.Provisioner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test kit prepares a step from a bundle as the platform does, and runs {@code check}. */
class BundleInputsTest {
  private static final Provisioner PRINTS_CONFIG =
      Provisioner.builder("prints-config")
          .plan(request -> System.out.println("config " + request.config()))
          .build();

  @TempDir Path dir;
  private Path bundle;
  private Path params;

  @BeforeEach
  void bundle() throws IOException {
    bundle = Files.createDirectories(dir.resolve("bundle"));
    Files.createDirectories(bundle.resolve("src"));
    Files.writeString(
        bundle.resolve("massdriver.yaml"),
        "steps:\n"
            + "  - path: src\n"
            + "    config:\n"
            + "      replicas: .params.replicas\n"
            + "      mode: '@text \"fast\"'\n"
            + "params:\n"
            + "  properties:\n"
            + "    replicas: {type: integer}\n");
    params = Files.writeString(dir.resolve("params.json"), "{\"replicas\": 3}");
  }

  @Test
  void aRequestFromABundleAndParamsHasTheCompiledConfig() {
    Request request =
        TestInputs.fromBundle(bundle, params).request(Action.PLAN, dir.resolve("run"));

    assertThat(request.config().toString()).isEqualTo("{\"replicas\":3,\"mode\":\"fast\"}");
    assertThat(request.params().path("replicas").asInt()).isEqualTo(3);
  }

  @Test
  void theRunnerCompilesTheConfigWhenTheInputsHaveNone() {
    RunResult result =
        TestRunner.of(PRINTS_CONFIG).run(Action.PLAN, TestInputs.fromBundle(bundle, params));

    RunResultAssert.assertThat(result)
        .succeeded()
        .stdoutContains("config {\"replicas\":3,\"mode\":\"fast\"}");
  }

  @Test
  void checkReportsParamsThatViolateTheBundleSchema() {
    TestInputs inputs = TestInputs.fromBundle(bundle, params).params("{\"replicas\": \"three\"}");

    RunResult result = TestRunner.of(PRINTS_CONFIG).check(inputs);

    RunResultAssert.assertThat(result)
        .exitedWith(ExitCode.INVALID_INPUT)
        .stdoutContains("params.json\n  error: $.replicas:");
  }

  @Test
  void checkOfGoodInputsExitsZero() {
    RunResult result = TestRunner.of(PRINTS_CONFIG).check(TestInputs.fromBundle(bundle, params));

    RunResultAssert.assertThat(result).succeeded().stdoutContains("check: no problems");
  }
}
