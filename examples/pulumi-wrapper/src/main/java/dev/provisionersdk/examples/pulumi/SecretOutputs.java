package dev.provisionersdk.examples.pulumi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the secret values among a stack's outputs by comparing {@code pulumi stack output --json}
 * with the same read with {@code --show-secrets}.
 *
 * <p>Pulumi replaces each secret with the string {@code "[secret]"} wherever it sits: a whole
 * output, a field of an object output at any depth, or an element of a list (pkg/backend/display's
 * {@code MassageSecrets}). Every leaf of the revealed value at such a place is a secret, whatever
 * its type.
 */
final class SecretOutputs {
  static final String MARKER = "[secret]";

  private SecretOutputs() {}

  /**
   * Returns the revealed scalar values that sit where the masked read shows {@code [secret]}.
   *
   * @param masked the outputs as Pulumi prints them without {@code --show-secrets}
   * @param revealed the same outputs with {@code --show-secrets}
   * @return the secret leaves as text (strings as they are, numbers and booleans as JSON), in
   *     document order; never the marker itself
   */
  static List<String> values(JsonNode masked, JsonNode revealed) {
    List<String> secrets = new ArrayList<>();
    collect(masked, revealed, secrets);
    return secrets;
  }

  private static void collect(JsonNode masked, JsonNode revealed, List<String> secrets) {
    if (masked == null || revealed == null) {
      return;
    }
    if (masked.isTextual() && MARKER.equals(masked.asText())) {
      if (!(revealed.isTextual() && MARKER.equals(revealed.asText()))) {
        leaves(revealed, secrets);
      }
    } else if (masked.isObject()) {
      for (Map.Entry<String, JsonNode> field : masked.properties()) {
        collect(field.getValue(), revealed.get(field.getKey()), secrets);
      }
    } else if (masked.isArray()) {
      for (int i = 0; i < masked.size(); i++) {
        collect(masked.get(i), revealed.get(i), secrets);
      }
    }
  }

  private static void leaves(JsonNode node, List<String> secrets) {
    if (node.isContainerNode()) {
      node.forEach(child -> leaves(child, secrets));
    } else if (!node.isNull() && !node.isMissingNode()) {
      secrets.add(node.asText());
    }
  }
}
