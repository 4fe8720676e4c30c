package dev.provisionersdk.internal.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * massdriver.yaml in both declaration formats, with anchors, aliases and merge keys, on synthetic
 * files and on the real public bundles in {@code ../shared/real-bundles} (expected values taken
 * from PyYAML's reading of the same files).
 */
class BundleArtifactsTest {
  private static final Path REAL_BUNDLES = Path.of("../../shared/real-bundles");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path bundle;

  private BundleArtifacts artifacts(String yaml) throws IOException {
    Files.writeString(bundle.resolve("massdriver.yaml"), yaml);
    return new BundleArtifacts(bundle, () -> MAPPER);
  }

  static Stream<Arguments> realBundles() {
    return Stream.of(
        Arguments.of(
            "aws-rds-postgres", Map.of("authentication", "massdriver/postgresql-authentication")),
        Arguments.of(
            "azure-aks-cluster", Map.of("kubernetes_cluster", "massdriver/kubernetes-cluster")),
        Arguments.of("azure-landing-zone-baseline", Map.of("logs", "log-workspace@0.0.0")),
        Arguments.of("azure-sql-database", Map.of("database", "mssql-database@0.0.0")),
        Arguments.of("azure-subscription-factory", Map.of("account", "cloud-account@0.0.0")),
        Arguments.of("function-app-tesseract-ocr", Map.of()),
        // Its params have a property named "resources": not the top-level key.
        Arguments.of("k8s-token", Map.of("token", "kubernetes-cluster")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("realBundles")
  void realBundlesDeclareTheirFieldsAndTypes(String name, Map<String, String> expected)
      throws IOException {
    Path file = REAL_BUNDLES.resolve(name + ".massdriver.yaml");
    assumeTrue(Files.isRegularFile(file), "../shared/real-bundles is not beside the checkout");
    BundleArtifacts artifacts = artifacts(Files.readString(file));

    assertThat(artifacts.declaredFields()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach((field, type) -> assertThat(artifacts.type(field)).isEqualTo(type));
  }

  @Test
  void mergeKeysOfARealBundleAreMergedAsPyYamlDoes() throws IOException {
    Path file = REAL_BUNDLES.resolve("azure-aks-cluster.massdriver.yaml");
    assumeTrue(Files.isRegularFile(file), "../shared/real-bundles is not beside the checkout");

    JsonNode tree = BundleYaml.parse(Files.readString(file), "azure-aks-cluster");

    JsonNode group = tree.at("/params/properties/node_groups/properties/default_node_group");
    assertThat(group.path("title").asText()).isEqualTo("Default node group");
    assertThat(group.path("required"))
        .isEqualTo(MAPPER.valueToTree(List.of("name", "compute_type", "min_size", "max_size")));
    assertThat(group.at("/properties/name/pattern").asText())
        .isEqualTo("^[a-z]{1,1}[a-z0-9]{0,11}$");
    assertThat(group.has("<<")).isFalse();
    JsonNode items =
        tree.at("/params/properties/node_groups/properties/additional_node_groups/items");
    assertThat(items.path("required")).isEqualTo(group.path("required"));
    assertThat(items.path("title").asText()).isEqualTo("Node group");
  }

  @Test
  void aliasesAndMergeKeysResolveInTheCurrentFormatAndWrittenKeysWin() throws IOException {
    BundleArtifacts artifacts =
        artifacts(
            String.join(
                "\n",
                "base: &base {resource_type: postgres@1.0.0, required: true}",
                "resources:",
                "  primary: *base",
                "  replica:",
                "    <<: *base",
                "    resource_type: postgres-replica@1.0.0",
                "  cache:",
                "    <<: [*base]",
                ""));

    assertThat(artifacts.declaredFields()).containsExactly("primary", "replica", "cache");
    assertThat(artifacts.type("primary")).isEqualTo("postgres@1.0.0");
    assertThat(artifacts.type("replica")).isEqualTo("postgres-replica@1.0.0");
    assertThat(artifacts.type("cache")).isEqualTo("postgres@1.0.0");
  }

  @Test
  void aliasesResolveInTheDeprecatedFormat() throws IOException {
    BundleArtifacts artifacts =
        artifacts(
            "x-ref: &ref massdriver/aws-s3-bucket\n"
                + "artifacts:\n  properties:\n    bucket: {$ref: *ref}\n");

    assertThat(artifacts.type("bucket")).isEqualTo("massdriver/aws-s3-bucket");
  }

  @Test
  void theCurrentFormatIsPreferredWhenBothArePresent() throws IOException {
    BundleArtifacts artifacts =
        artifacts(
            "artifacts: {properties: {old: {$ref: massdriver/x}}}\n"
                + "resources: {new: {resource_type: x@1.0.0}}\n");

    assertThat(artifacts.declaredFields()).containsExactly("new");
  }

  @Test
  void aDeclarationWithoutResourceTypeIsAnInputError() throws IOException {
    BundleArtifacts artifacts = artifacts("resources: {db: {required: true}}\n");

    ProvisionerException failure =
        catchThrowableOfType(ProvisionerException.class, () -> artifacts.type("db"));

    assertThat(failure.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(failure.getMessage()).contains("resources.db has no resource_type");
  }

  @Test
  void aYamlSyntaxErrorNamesTheLine() throws IOException {
    BundleArtifacts artifacts = artifacts("name: x\nresources:\n  db: {resource_type: [\n");

    ProvisionerException failure =
        catchThrowableOfType(ProvisionerException.class, artifacts::declaredFields);

    assertThat(failure.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(failure.getMessage()).contains("bundle/massdriver.yaml line");
  }

  @Test
  void anAliasBombIsRefused() throws IOException {
    StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }
    BundleArtifacts artifacts = artifacts(yaml.toString());

    ProvisionerException failure =
        catchThrowableOfType(ProvisionerException.class, artifacts::declaredFields);

    assertThat(failure.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
  }
}
