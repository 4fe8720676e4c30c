package dev.provisionersdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.Map;

/**
 * The bodies of {@link Resources#flattenedOutputs} and {@link Resources#helmManifests}: the {@code
 * outputs} shapes the official images give their templates, built from a tool's raw output.
 *
 * <p>Stateless and thread-safe.
 */
final class OutputShapes {
  private OutputShapes() {}

  static JsonNode flattened(String json) {
    JsonNode root;
    try {
      // Decimals exactly as written, as jq 1.7 keeps them.
      root =
          JsonMapper.builder()
              .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
              .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
              .build()
              .readTree(json);
    } catch (JsonProcessingException e) {
      throw malformed("the tool's JSON output cannot be parsed (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw malformed("the tool's JSON output is not an object");
    }
    JsonNode outputs =
        root.has("values") || root.has("format_version")
            ? root.path("values").path("outputs")
            : root;
    ObjectNode flat = JsonNodeFactory.instance.objectNode();
    if (outputs.isMissingNode() || outputs.isNull()) {
      return flat;
    }
    for (Map.Entry<String, JsonNode> output : outputs.properties()) {
      JsonNode value = output.getValue();
      if (!value.isObject() || !value.has("value")) {
        throw malformed(
            "output '" + output.getKey() + "' has no \"value\": expected {name: {value, type}}");
      }
      flat.set(output.getKey(), value.get("value"));
    }
    return flat;
  }

  static JsonNode manifests(String manifest) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    try (MappingIterator<JsonNode> documents =
        new YAMLMapper().readerFor(JsonNode.class).readValues(manifest)) {
      while (documents.hasNextValue()) {
        JsonNode document = documents.nextValue();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          array.add(document);
        }
      }
    } catch (IOException e) {
      throw ProvisionerException.invalidInput(
          "helm get manifest output cannot be parsed as YAML ("
              + e.getClass().getSimpleName()
              + ") — pass the command's output unchanged");
    }
    return array;
  }

  private static ProvisionerException malformed(String message) {
    return ProvisionerException.withExitCode(
        ExitCode.HANDLER_FAILED,
        message + " — pass the output of tofu/terraform show -json or output -json unchanged");
  }
}
