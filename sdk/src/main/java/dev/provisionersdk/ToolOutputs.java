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
import java.util.Objects;

/**
 * The {@code outputs} the official images give their {@code .jq} templates, built from a tool's raw
 * output, for {@link Resources#outputs(Object)}: {@code
 * request.resources().outputs(ToolOutputs.flattenedOutputs(show.stdout()))}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ToolOutputs {
  private ToolOutputs() {}

  /**
   * Returns a tool's outputs in the shape the official OpenTofu, Terraform and Bicep images give
   * their templates, {@code {name: value}}: the same as {@code .values.outputs |
   * with_entries(.value = .value.value)} over {@code tofu show -json}.
   *
   * @param json the unchanged output of {@code tofu show -json} or {@code terraform show -json}
   *     (outputs under {@code .values.outputs}), or of {@code tofu output -json} or Bicep's stack
   *     outputs ({@code {name: {type, value}}})
   * @return the flattened outputs, an object node, number literals kept as written; {@code {}}
   *     without outputs
   * @throws ProvisionerException with {@link ExitCode#HANDLER_FAILED} when the text is not such
   *     JSON
   */
  public static JsonNode flattenedOutputs(String json) {
    Objects.requireNonNull(json, "json");
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

  /**
   * Returns {@code helm get manifest} output as the official Helm image gives it to its templates:
   * a JSON array with one object per manifest, empty documents left out.
   *
   * @param manifest the unchanged output of {@code helm get manifest <release>}
   * @return the array node
   * @throws ProvisionerException with {@link ExitCode#INVALID_INPUT} when the text is not YAML
   */
  public static JsonNode helmManifests(String manifest) {
    Objects.requireNonNull(manifest, "manifest");
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
