package dev.provisionersdk.internal.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisionersdk.ProvisionerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A step's config block compiled as the platform compiles it (jq 1.7.1 parity: the IT). */
class ConfigBlockTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path bundle;

  private ConfigBlock read(String yaml, String step) throws IOException {
    Files.writeString(bundle.resolve("massdriver.yaml"), yaml);
    return ConfigBlock.read(bundle, step).orElseThrow();
  }

  private static JsonNode json(String text) throws IOException {
    return MAPPER.readTree(text);
  }

  @Test
  void anchorsAndMergeKeysAreResolvedBeforeTheLeavesAreEvaluated() throws IOException {
    ConfigBlock block =
        read(
            "defaults: &d\n  region: .params.region\n  retries: '3'\n"
                + "steps:\n  - path: infra\n    config:\n      <<: *d\n      retries: '5'\n"
                + "  - path: app\n    config:\n      other: '1'\n",
            "infra");

    JsonNode config = block.compileOrFail(json("{\"region\": \"eu\"}"), json("{}"));

    assertThat(config).isEqualTo(json("{\"region\":\"eu\",\"retries\":5}"));
  }

  @Test
  void literalsAndArraysPassThroughAndANullResultIsKept() throws IOException {
    ConfigBlock block =
        read(
            "steps:\n  - path: src\n    config:\n      n: 5432\n      f: 5432.0\n      b: false\n"
                + "      z: null\n      list: [.params.a, 1]\n      absent: .params.nothing\n",
            "src");

    JsonNode config = block.compileOrFail(json("{\"a\": 1}"), json("{}"));

    assertThat(ConfigBlock.write(config))
        .isEqualTo(
            "{\"n\":5432,\"f\":5432.0,\"b\":false,\"z\":null,\"list\":[\".params.a\",1],"
                + "\"absent\":null}");
  }

  @Test
  void dependenciesAreTheConnections() throws IOException {
    ConfigBlock block =
        read("steps:\n  - path: src\n    config:\n      id: .dependencies.vpc.id\n", "src");

    JsonNode config = block.compileOrFail(json("{}"), json("{\"vpc\": {\"id\": \"v-1\"}}"));

    assertThat(config.path("id").asText()).isEqualTo("v-1");
  }

  @Test
  void everyBrokenFieldIsListedWithItsKeyPath() throws IOException {
    ConfigBlock block =
        read(
            "steps:\n  - path: src\n    config:\n      a: '.params.x |'\n      ok: '1'\n"
                + "      deep:\n        \"odd key\": empty\n",
            "src");

    assertThatThrownBy(() -> block.compileOrFail(json("{}"), json("{}")))
        .isInstanceOf(ProvisionerException.class)
        .hasMessageContaining("has 2 broken fields")
        .hasMessageContaining("config.a: '.params.x |': jq compile error")
        .hasMessageContaining("config.deep[\"odd key\"]: 'empty': yielded 0 values");
  }

  @Test
  void aStepWithoutConfigOrABundleWithoutTheStepHasNoBlock() throws IOException {
    Files.writeString(bundle.resolve("massdriver.yaml"), "steps:\n  - path: src\n");

    assertThat(ConfigBlock.read(bundle, "src")).isEmpty();
    assertThat(ConfigBlock.read(bundle, "other")).isEmpty();
  }

  @Test
  void theRealBundlesConfigBlocksCompileOnTheirOwnExamples() throws IOException {
    Path real = Path.of("../../shared/real-bundles/aws-app-chart.massdriver.yaml");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isRegularFile(real), "../shared/real-bundles is not beside the checkout");
    Files.copy(real, bundle.resolve("massdriver.yaml"));
    JsonNode yaml = ConfigBlock.massdriverYaml(bundle);

    JsonNode config =
        ConfigBlock.read(bundle, "chart")
            .orElseThrow()
            .compileOrFail(yaml.path("params").path("examples").get(0), json("{}"));

    assertThat(config.path("chart").path("repo").asText())
        .isEqualTo("oci://ghcr.io/YOUR_ORG/charts");
    assertThat(config.get("release_name").isNull()).isTrue();
  }
}
