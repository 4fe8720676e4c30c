package dev.provisionersdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The outputs shapes of the official images, through the public helpers. */
class ToolOutputsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void tofuOutputJsonAndBicepOutputsAreFlattenedToo() throws IOException {
    String output =
        "{\"db_host\":{\"sensitive\":false,\"type\":\"string\",\"value\":\"db.internal\"},"
            + "\"port\":{\"type\":\"Int\",\"value\":5432}}";

    assertThat(ToolOutputs.flattenedOutputs(output))
        .isEqualTo(MAPPER.readTree("{\"db_host\":\"db.internal\",\"port\":5432}"));
  }

  @Test
  void aStateWithoutOutputsGivesAnEmptyObject() throws IOException {
    assertThat(ToolOutputs.flattenedOutputs("{\"format_version\":\"1.0\",\"values\":{}}"))
        .isEqualTo(MAPPER.readTree("{}"));
  }

  @Test
  void somethingElseIsRefusedWithAHint() {
    ProvisionerException failure =
        catchThrowableOfType(
            ProvisionerException.class, () -> ToolOutputs.flattenedOutputs("{\"a\":1}"));

    assertThat(failure.exitCode()).isEqualTo(ExitCode.HANDLER_FAILED);
    assertThat(failure.getMessage()).contains("output 'a' has no \"value\"", "show -json");
  }

  @Test
  void helmManifestsBecomeAnArrayWithoutTheEmptyDocuments() throws IOException {
    String manifest =
        "---\n# Source: app/templates/sa.yaml\napiVersion: v1\nkind: ServiceAccount\n"
            + "metadata:\n  name: app\n---\n# Source: app/templates/empty.yaml\n---\n"
            + "apiVersion: v1\nkind: Service\nmetadata: {name: app}\nspec:\n  ports: [{port: 80}]\n";

    assertThat(ToolOutputs.helmManifests(manifest))
        .isEqualTo(
            MAPPER.readTree(
                "[{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"app\"}},"
                    + "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"app\"},"
                    + "\"spec\":{\"ports\":[{\"port\":80}]}}]"));
  }
}
