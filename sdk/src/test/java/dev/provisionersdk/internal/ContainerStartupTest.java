package dev.provisionersdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisionersdk.Action;
import dev.provisionersdk.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up: what a local run does to prepare its inputs (config compilation, schema checks) costs a
 * container run nothing, because the platform has already done it. Checked in a fresh JVM's
 * class-load log on a bundle that has a config block and a params schema.
 */
class ContainerStartupTest {
  @TempDir Path inputs;

  @Test
  void aContainerPlanLoadsNeitherTheConfigCompilerNorTheSchemaValidator() throws Exception {
    Files.createDirectories(inputs.resolve("bundle/src"));
    Files.writeString(
        inputs.resolve("bundle/massdriver.yaml"),
        "steps:\n  - path: src\n    config:\n      n: .params.n\n"
            + "params:\n  properties:\n    n: {type: integer}\n");
    Files.writeString(inputs.resolve("params.json"), "{\"n\": 1}");
    Files.writeString(inputs.resolve("config.json"), "{\"n\": 1}");
    Path log = inputs.getParent().resolve(inputs.getFileName() + "-classes.log");

    String classes = FreshJvm.classesLoaded(ContainerPlan.class, inputs.toString(), log);
    assertThat(classes)
        .contains(Inputs.class.getName())
        .doesNotContain(
            "dev.provisionersdk.internal.resources.ConfigBlock ",
            "dev.provisionersdk.internal.resources.InputSchemas ",
            "dev.provisionersdk.internal.LocalInputs ",
            "dev.provisionersdk.internal.Check ",
            "com.networknt.",
            "net.thisptr.");
  }

  /** Runs a container plan (no arguments) on a directory, in a JVM of its own. */
  static final class ContainerPlan {
    public static void main(String[] args) throws IOException {
      Dispatcher dispatcher =
          new Dispatcher() {

            @Override
            public boolean handles(Action action) {
              return true;
            }

            @Override
            public void dispatch(Request request) {
              if (request.config().path("n").asInt() != 1) {
                throw new IllegalStateException("config.json not read");
              }
            }
          };
      int code =
          new Execution("startup", "1", dispatcher, Path.of(args[0]))
              .execute(
                  new String[0],
                  Map.of("MASSDRIVER_DEPLOYMENT_ACTION", "plan", "MASSDRIVER_STEP_PATH", "src"),
                  System.out,
                  System.err);
      System.exit(code);
    }
  }
}
