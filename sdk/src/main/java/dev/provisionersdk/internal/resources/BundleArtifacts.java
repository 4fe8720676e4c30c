package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.internal.os.RegularFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the bundle says about its resources: the fields and their types in {@code massdriver.yaml},
 * and the schemas in {@code schema-artifacts.json} {@code properties.<field>}. Both files are read
 * once, when first needed.
 *
 * <p>{@code massdriver.yaml} declares fields in one of two formats. The current one, {@code
 * resources: {<field>: {resource_type: name@version, required: bool}}}, is preferred when a file
 * has both; the deprecated one is {@code artifacts: {properties: {<field>: {$ref: type}}}}.
 * Anchors, aliases and {@code <<:} merge keys are resolved ({@link BundleYaml}). Only the top-level
 * keys count: a params property named {@code resources} is not a declaration.
 *
 * <p>Thread-safe: loading is synchronised, the loaded trees are never modified.
 */
final class BundleArtifacts {
  /** Why {@link RegularFiles} refuses a pipe or a directory in the bundle, for its message. */
  static final String BUNDLE_FILES_ARE_REGULAR =
      "a bundle's files are regular files (a named pipe would block the run)";

  static final String MASSDRIVER_YAML = "massdriver.yaml";
  static final String SCHEMA_FILE = "schema-artifacts.json";
  private static final Logger LOG = LoggerFactory.getLogger("dev.provisionersdk.resources");

  private final Path bundleDirectory;
  private final Supplier<ObjectMapper> json;
  private Declarations declarations;
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

  /**
   * The fields a {@code massdriver.yaml} declares.
   *
   * @param format where they were found: {@code resources} or {@code artifacts.properties}
   * @param fields each field's declaration node, in the file's order
   */
  private record Declarations(String format, Map<String, JsonNode> fields) {}

  BundleArtifacts(Path bundleDirectory, Supplier<ObjectMapper> json) {
    this.bundleDirectory = bundleDirectory;
    this.json = json;
  }

  /**
   * Returns the fields {@code massdriver.yaml} declares, under {@code resources} or else {@code
   * artifacts.properties}.
   *
   * @return the fields in the file's order; empty without a {@code massdriver.yaml}
   */
  synchronized List<String> declaredFields() {
    return List.copyOf(declarations().fields().keySet());
  }

  /**
   * Returns a field's resource type: {@code resources.<field>.resource_type} (e.g. {@code
   * mssql-database@0.0.0}, sent as written) or {@code artifacts.properties.<field>.$ref}.
   *
   * @param field the field
   * @return the type
   * @throws ProvisionerException with exit code 2 when the field or its type is missing
   */
  synchronized String type(String field) {
    Declarations declared = declarations();
    JsonNode declaration = declared.fields().get(field);
    if (declaration == null) {
      throw ProvisionerException.invalidInput(
          "resource field '"
              + field
              + "' is not declared in bundle/"
              + MASSDRIVER_YAML
              + " "
              + declared.format()
              + (declared.fields().isEmpty()
                  ? ""
                  : " (declared: " + String.join(", ", declared.fields().keySet()) + ")")
              + " — declare it (resources: {"
              + field
              + ": {resource_type: name@version}}, or the deprecated artifacts.properties with a"
              + " $ref), or publish a declared field");
    }
    boolean current = declared.format().equals("resources");
    JsonNode type = declaration.get(current ? "resource_type" : "$ref");
    if (type == null || !type.isTextual() || type.asText().isBlank()) {
      throw ProvisionerException.invalidInput(
          "bundle/"
              + MASSDRIVER_YAML
              + " "
              + declared.format()
              + "."
              + field
              + (current
                  ? " has no resource_type — give it the resource type, e.g. resource_type:"
                      + " mssql-database@0.0.0"
                  : " has no $ref — give it the resource type, e.g. $ref: massdriver/aws-rds"));
    }
    return type.asText();
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

  private Declarations declarations() {
    if (declarations == null) {
      declarations = readDeclarations(bundleDirectory.resolve(MASSDRIVER_YAML));
    }
    return declarations;
  }

  private static Declarations readDeclarations(Path file) {
    byte[] bytes = RegularFiles.read(file, "bundle/" + MASSDRIVER_YAML, BUNDLE_FILES_ARE_REGULAR);
    if (bytes == null) {
      return new Declarations("resources", Map.of());
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    JsonNode tree = BundleYaml.parse(text, "bundle/" + MASSDRIVER_YAML);
    JsonNode resources = tree.path("resources");
    JsonNode artifacts = tree.path("artifacts").path("properties");
    if (resources.isObject()) {
      if (artifacts.isObject()) {
        LOG.info(
            "bundle/{} declares both resources: and the deprecated artifacts:; using resources:",
            MASSDRIVER_YAML);
      }
      return new Declarations("resources", fieldsOf(resources));
    }
    if (artifacts.isObject()) {
      return new Declarations("artifacts.properties", fieldsOf(artifacts));
    }
    return new Declarations("resources", Map.of());
  }

  private static Map<String, JsonNode> fieldsOf(JsonNode declarations) {
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    declarations.properties().forEach(entry -> fields.put(entry.getKey(), entry.getValue()));
    return Collections.unmodifiableMap(fields);
  }

  private JsonNode schema() {
    if (schema == null) {
      schema = read(bundleDirectory.resolve(SCHEMA_FILE), json.get(), SCHEMA_FILE);
    }
    return schema;
  }

  private static JsonNode read(Path file, ObjectMapper mapper, String name) {
    try {
      byte[] bytes = RegularFiles.read(file, "bundle/" + name, BUNDLE_FILES_ARE_REGULAR);
      JsonNode tree = bytes == null ? null : mapper.readTree(bytes);
      return tree == null ? MissingNode.getInstance() : tree;
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
