package dev.provisionersdk.internal.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Config compilation against the real jq 1.7.1 (fetched by scripts/fetch-jq-1.7.sh, as {@link
 * JqDifferentialIT} does): every string leaf of every step's config block of the real bundles in
 * {@code ../shared/real-bundles} and of {@code config-block/hostile.massdriver.yaml}, evaluated
 * over each of the bundle's own {@code params.examples} (plus an {@code md_metadata}), must give
 * what {@code jq -c} prints for it — or be reported as a broken field exactly when jq fails or
 * prints other than one value.
 */
class ConfigBlockDifferentialIT {
  private static final Path REAL_BUNDLES = Path.of("../../shared/real-bundles");
  private static final Path HOSTILE = Path.of("src/test/resources/config-block");
  private static final Path WORK = Path.of("target/config-block-differential");
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "LC_ALL", "C");

  private static Path jq;

  @BeforeAll
  static void fetchJq() throws IOException, InterruptedException {
    jq = RealJq.fetch();
    Files.createDirectories(WORK);
  }

  @Test
  void everyStringLeafOfTheRealBundlesConfigBlocksAgreesWithJq171() throws Exception {
    Assumptions.assumeTrue(
        Files.isDirectory(REAL_BUNDLES), "../shared/real-bundles is not beside the checkout");
    List<Path> bundles;
    try (Stream<Path> files = Files.list(REAL_BUNDLES)) {
      bundles = files.filter(f -> f.toString().endsWith(".massdriver.yaml")).sorted().toList();
    }
    int leaves = 0;
    for (Path bundle : bundles) {
      leaves += compare(bundle);
    }
    System.out.printf("config-block differential: %d leaf evaluations on real bundles%n", leaves);
    assertThat(leaves).as("the real bundles have config blocks with jq leaves").isGreaterThan(5);
  }

  @Test
  void hostileLeavesAgreeWithJq171() throws Exception {
    int leaves = compare(HOSTILE.resolve("hostile.massdriver.yaml"));
    assertThat(leaves).isGreaterThan(40);
  }

  /** Compares every string leaf of every step's config over every example; returns the count. */
  private static int compare(Path bundleFile) throws Exception {
    JsonNode bundle = BundleYaml.parse(Files.readString(bundleFile), bundleFile.toString());
    List<JsonNode> examples = new ArrayList<>();
    bundle.path("params").path("examples").forEach(examples::add);
    if (examples.isEmpty()) {
      examples.add(JsonNodeFactory.instance.objectNode());
    }
    int count = 0;
    for (JsonNode step : bundle.path("steps")) {
      JsonNode block = step.get("config");
      if (block == null || !block.isObject()) {
        continue;
      }
      for (JsonNode example : examples) {
        ObjectNode params =
            (ObjectNode) JqNumbers.literal(TemplateInput.exact().readTree(example.toString()));
        params.set("md_metadata", metadata());
        ObjectNode connections = JsonNodeFactory.instance.objectNode();
        ConfigBlock.Compiled compiled =
            ConfigBlock.of(step.path("path").asText(), block).compile(params, connections);
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.set("params", params);
        input.set("connections", connections);
        input.set("dependencies", connections);
        count += compareLeaves(bundleFile, "config", block, compiled, input);
      }
    }
    return count;
  }

  private static int compareLeaves(
      Path bundleFile, String path, JsonNode mapping, ConfigBlock.Compiled compiled, JsonNode input)
      throws Exception {
    int count = 0;
    for (Map.Entry<String, JsonNode> entry : mapping.properties()) {
      String key = entry.getKey();
      String at = path + (key.matches("[A-Za-z_][A-Za-z0-9_]*") ? "." + key : "[\"" + key + "\"]");
      JsonNode value = entry.getValue();
      if (value.isObject()) {
        count += compareLeaves(bundleFile, at, value, compiled, input);
      } else if (value.isTextual()) {
        List<String> expected = real(value.asText(), input, count);
        boolean broken = compiled.problems().stream().anyMatch(p -> p.keyPath().equals(at));
        String where = bundleFile.getFileName() + " " + at + " = " + value.asText();
        if (expected == null || expected.size() != 1) {
          assertThat(broken)
              .as(where + ": jq printed " + expected + ", SDK must report it")
              .isTrue();
        } else {
          assertThat(broken).as(where + ": " + compiled.problems()).isFalse();
          JsonNode ours = at(compiled.config(), at.substring("config".length()));
          assertThat(JqJson.write(ours)).as(where).isEqualTo(expected.get(0));
        }
        count++;
      }
    }
    return count;
  }

  /** The compiled value at a key path written as ConfigBlock writes it (.a["b c"].d). */
  private static JsonNode at(JsonNode config, String keyPath) {
    JsonNode node = config;
    java.util.regex.Matcher keys =
        java.util.regex.Pattern.compile("\\.([A-Za-z0-9_]+)|\\[\"([^\"]*)\"\\]").matcher(keyPath);
    while (keys.find()) {
      node = node.path(keys.group(1) != null ? keys.group(1) : keys.group(2));
    }
    assertThat(node.isMissingNode()).as("compiled config has " + keyPath).isFalse();
    return node;
  }

  private static ObjectNode metadata() {
    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    metadata.put("name_prefix", "ecomm-prod-api-abc1");
    ObjectNode tags = metadata.putObject("default_tags");
    tags.put("managed-by", "massdriver");
    tags.put("md-project", "ecomm");
    tags.put("md-environment", "prod");
    tags.put("md-target", "production");
    metadata.putObject("deployment").put("id", "d-1");
    return metadata;
  }

  /** What {@code jq -c} prints, line by line; {@code null} when it fails. */
  private static List<String> real(String program, JsonNode input, int index)
      throws IOException, InterruptedException {
    Path programFile = WORK.resolve("leaf-" + index + ".jq");
    Files.writeString(programFile, program + "\n", StandardCharsets.UTF_8);
    Path inputFile = WORK.resolve("leaf-" + index + ".json");
    Files.writeString(inputFile, JqJson.write(input) + "\n", StandardCharsets.UTF_8);
    ProcessBuilder builder =
        new ProcessBuilder(jq.toString(), "-c", "-f", programFile.toString())
            .redirectInput(inputFile.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().clear();
    builder.environment().putAll(ENV);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    if (process.exitValue() != 0) {
      return null;
    }
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }
}
