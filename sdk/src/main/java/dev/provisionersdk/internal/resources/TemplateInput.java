package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@code .jq} template runs over: {@code {params, connections, dependencies, envs, secrets,
 * outputs}}, as the official images build it from the unmodified input files ({@code dependencies}
 * is {@code connections} under its Massdriver 2.5 name, read from {@code dependencies.json} when
 * present). jq 1.7 keeps a number literal of its input as written ({@code 5432.0}, {@code 1E+2}, 30
 * significant digits), so the files are read again here with exact decimals; the runtime's own
 * trees (doubles) are the fallback for a file that cannot be read.
 *
 * <p>Thread-safe: the trees are read once, under a lock, and copied for every use.
 */
final class TemplateInput {
  private static final List<String> NAMES = List.of("params", "connections", "envs", "secrets");

  /** Read in place of {@code connections.json} when present, as the runtime does. */
  private static final String DEPENDENCIES = "dependencies.json";

  private final Path inputDirectory;
  private final Map<String, JsonNode> fallback;
  private Map<String, JsonNode> trees;

  TemplateInput(Path inputDirectory, Map<String, JsonNode> fallback) {
    this.inputDirectory = inputDirectory;
    this.fallback = Map.copyOf(fallback);
  }

  /**
   * Returns the input with the given outputs.
   *
   * @param outputs the {@code outputs} value; copied
   * @return a fresh tree
   */
  synchronized ObjectNode with(JsonNode outputs) {
    if (trees == null) {
      trees = read();
    }
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    trees.forEach((name, tree) -> input.set(name, tree.deepCopy()));
    input.set("outputs", JqNumbers.literal(outputs.deepCopy()));
    return input;
  }

  /** A mapper that reads decimals exactly as written, as jq 1.7 keeps number literals. */
  static ObjectMapper exact() {
    return JsonMapper.builder()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .build();
  }

  private Map<String, JsonNode> read() {
    ObjectMapper exact = exact();
    Map<String, JsonNode> read = new LinkedHashMap<>();
    for (String name : NAMES) {
      JsonNode tree = fallback.get(name);
      Path file = inputDirectory.resolve(name + ".json");
      if (name.equals("connections") && Files.isRegularFile(inputDirectory.resolve(DEPENDENCIES))) {
        file = inputDirectory.resolve(DEPENDENCIES);
      }
      try {
        JsonNode exactTree = exact.readTree(Files.readAllBytes(file));
        if (exactTree != null && exactTree.isObject()) {
          tree = JqNumbers.literal(exactTree);
        }
      } catch (NoSuchFileException e) {
        // The runtime reads a missing file as {}: so does the fallback.
      } catch (JsonProcessingException e) {
        // The runtime already reported a malformed file; keep its tree.
      } catch (IOException e) {
        // Unreadable now: keep the runtime's tree.
      }
      read.put(name, tree == null ? JsonNodeFactory.instance.objectNode() : tree);
    }
    // Massdriver 2.5: the same payloads under their new name.
    read.put("dependencies", read.get("connections"));
    return read;
  }
}
