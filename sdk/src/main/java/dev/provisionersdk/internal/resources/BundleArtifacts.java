package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.provisionersdk.ProvisionerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the bundle says about its resources: the fields and types in {@code massdriver.yaml} {@code
 * artifacts.properties.<field>.$ref}, and the schemas in {@code schema-artifacts.json} {@code
 * properties.<field>}. Both files are read once, when first needed.
 *
 * <p>Thread-safe: loading is synchronised, the loaded trees are never modified.
 */
final class BundleArtifacts {
  static final String MASSDRIVER_YAML = "massdriver.yaml";
  static final String SCHEMA_FILE = "schema-artifacts.json";

  private final Path bundleDirectory;
  private final Supplier<ObjectMapper> json;
  private JsonNode declarations;
  private JsonNode schema;
  private SchemaCheck check;

  /**
   * One way a payload misses its schema.
   *
   * @param path where, as a JSON path rooted at the field, e.g. {@code $.database.port}
   * @param message what is wrong, from the validator; never quotes the payload by design, but may
   *     be scrubbed further by the caller
   */
  record Problem(String path, String message) {}

  BundleArtifacts(Path bundleDirectory, Supplier<ObjectMapper> json) {
    this.bundleDirectory = bundleDirectory;
    this.json = json;
  }

  /**
   * Returns the fields {@code massdriver.yaml} declares under {@code artifacts.properties}.
   *
   * @return the fields in the file's order; empty without a {@code massdriver.yaml}
   */
  synchronized List<String> declaredFields() {
    List<String> fields = new ArrayList<>();
    declarations().fieldNames().forEachRemaining(fields::add);
    return Collections.unmodifiableList(fields);
  }

  /**
   * Returns a field's resource type, {@code artifacts.properties.<field>.$ref}.
   *
   * @param field the field
   * @return the type
   * @throws ProvisionerException with exit code 2 when the field or its {@code $ref} is missing
   */
  synchronized String type(String field) {
    JsonNode declaration = declarations().get(field);
    if (declaration == null) {
      throw ProvisionerException.invalidInput(
          "resource field '"
              + field
              + "' is not declared in bundle/"
              + MASSDRIVER_YAML
              + " artifacts.properties"
              + (declaredFields().isEmpty()
                  ? ""
                  : " (declared: " + String.join(", ", declaredFields()) + ")")
              + " — declare it with a $ref to its resource type, or publish a declared field");
    }
    JsonNode ref = declaration.get("$ref");
    if (ref == null || !ref.isTextual() || ref.asText().isBlank()) {
      throw ProvisionerException.invalidInput(
          "bundle/"
              + MASSDRIVER_YAML
              + " artifacts.properties."
              + field
              + " has no $ref — give it the resource type, e.g. $ref: massdriver/aws-rds");
    }
    return ref.asText();
  }

  /**
   * Checks a payload against {@code properties.<field>} of {@code schema-artifacts.json}.
   *
   * @param field the field
   * @param payload the payload
   * @return the problems; empty when the payload is valid or the bundle has no schema file
   * @throws ProvisionerException with exit code 2 when the schema file exists but does not declare
   *     the field, or is not a valid schema; with exit code 1 when the schema file exists and
   *     json-schema-validator is not on the class path
   */
  synchronized List<Problem> validate(String field, JsonNode payload) {
    JsonNode root = schema();
    if (root.isMissingNode()) {
      return List.of();
    }
    JsonNode fieldSchema = root.path("properties").get(field);
    if (fieldSchema == null) {
      throw ProvisionerException.invalidInput(
          "bundle/"
              + SCHEMA_FILE
              + " has no properties."
              + field
              + " — rebuild the bundle (mass bundle build) so the schema matches massdriver.yaml");
    }
    // Validate {field: payload} against the root with only this property, so that references to
    // the root's definitions resolve and error paths start with the field.
    ObjectNode derived = root.deepCopy();
    derived.remove("required");
    derived.remove("additionalProperties");
    ObjectNode properties = JsonNodeFactory.instance.objectNode();
    properties.set(field, fieldSchema.deepCopy());
    derived.set("properties", properties);
    derived.putArray("required").add(field);
    ObjectNode instance = JsonNodeFactory.instance.objectNode();
    instance.set(field, payload);
    if (check == null) {
      requireValidator();
      check = new SchemaCheck();
    }
    return check.validate(derived, instance, field);
  }

  /**
   * Checks that the schema validator can be loaded.
   *
   * @throws ProvisionerException with exit code 1 when json-schema-validator is not on the class
   *     path
   */
  void requireValidator() {
    OptionalLibrary.JSON_SCHEMA_VALIDATOR.require("bundle/" + SCHEMA_FILE);
  }

  /** Whether the bundle has a schema file; without one, payloads are published unchecked. */
  synchronized boolean hasSchema() {
    return !schema().isMissingNode();
  }

  private JsonNode declarations() {
    if (declarations == null) {
      Path yaml = bundleDirectory.resolve(MASSDRIVER_YAML);
      JsonNode tree = read(yaml, new YAMLMapper(), MASSDRIVER_YAML);
      JsonNode properties = tree.path("artifacts").path("properties");
      declarations = properties.isObject() ? properties : JsonNodeFactory.instance.objectNode();
    }
    return declarations;
  }

  private JsonNode schema() {
    if (schema == null) {
      schema = read(bundleDirectory.resolve(SCHEMA_FILE), json.get(), SCHEMA_FILE);
    }
    return schema;
  }

  private static JsonNode read(Path file, ObjectMapper mapper, String name) {
    try {
      JsonNode tree = mapper.readTree(Files.readAllBytes(file));
      return tree == null ? MissingNode.getInstance() : tree;
    } catch (NoSuchFileException e) {
      return MissingNode.getInstance();
    } catch (JsonProcessingException e) {
      throw ProvisionerException.invalidInput(
          "bundle/"
              + name
              + " line "
              + (e.getLocation() == null ? 0 : e.getLocation().getLineNr())
              + ": cannot be parsed ("
              + e.getOriginalMessage()
              + ") — fix the file");
    } catch (IOException e) {
      throw ProvisionerException.invalidInput(
          "bundle/" + name + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }
}
