package dev.provisionersdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Finds the values of {@code params.json} and {@code connections.json} that the bundle's schema
 * marks {@code "$md.sensitive": true}, so they are masked like secrets.
 *
 * <p>Walks the schema alongside the value: {@code properties} and {@code additionalProperties} for
 * objects, {@code items} and {@code prefixItems} for arrays, and every branch of {@code allOf},
 * {@code anyOf} and {@code oneOf}. Under a sensitive node, every string and number leaf counts.
 * {@code $ref}s are not resolved: a sensitive field must be declared inline.
 *
 * <p>Stateless; thread-safe.
 */
final class SensitiveFields {
  static final String MARKER = "$md.sensitive";

  private SensitiveFields() {}

  /**
   * Calls {@code leaf} with the JSON path and text of every sensitive leaf of {@code value}.
   *
   * @param schema the JSON schema of {@code value}
   * @param value the document
   * @param leaf receives (path, value) pairs
   */
  static void forEach(JsonNode schema, JsonNode value, BiConsumer<String, String> leaf) {
    walk(schema, value, "$", leaf);
  }

  private static void walk(
      JsonNode schema, JsonNode value, String path, BiConsumer<String, String> leaf) {
    if (schema == null || !schema.isObject() || value == null || value.isMissingNode()) {
      return;
    }
    if (schema.path(MARKER).asBoolean(false)) {
      Inputs.forEachLeaf(path, value, leaf);
      return;
    }
    for (String combinator : new String[] {"allOf", "anyOf", "oneOf"}) {
      for (JsonNode branch : schema.path(combinator)) {
        walk(branch, value, path, leaf);
      }
    }
    if (value.isObject()) {
      JsonNode properties = schema.path("properties");
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        JsonNode fieldSchema =
            properties.has(field.getKey())
                ? properties.get(field.getKey())
                : schema.get("additionalProperties");
        walk(fieldSchema, field.getValue(), path + Json.childPath(field.getKey()), leaf);
      }
    } else if (value.isArray()) {
      JsonNode prefixItems = schema.has("prefixItems") ? schema.get("prefixItems") : null;
      JsonNode items = schema.get("items");
      for (int i = 0; i < value.size(); i++) {
        JsonNode itemSchema;
        if (prefixItems != null && i < prefixItems.size()) {
          itemSchema = prefixItems.get(i);
        } else if (items != null && items.isArray()) {
          itemSchema = items.get(i); // draft-07 tuple form; null past its end
        } else {
          itemSchema = items;
        }
        walk(itemSchema, value.get(i), path + "[" + i + "]", leaf);
      }
    }
  }
}
