package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.internal.os.RegularFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks {@code params.json} and {@code connections.json} against the bundle's schemas, as the
 * platform checks params before a deployment starts: {@code bundle/schema-params.json} (else the
 * {@code params} block of {@code massdriver.yaml}) and {@code bundle/schema-connections.json} (else
 * its {@code connections} block), JSON Schema draft-07 with Massdriver's {@code $md} annotations
 * ignored. A {@code $ref} to anything but the schema itself (a platform type such as {@code
 * massdriver/aws-iam-role}) cannot be resolved offline: that part is reported as not checked, never
 * as passed. Resources declared in the newer {@code dependencies:} format (a {@code resource_type})
 * are checked for presence only. Only the local runner, {@code check} and the test kit use this: in
 * a container the platform has already validated params, and start-up stays free of the validator.
 *
 * <p>Stateless and thread-safe.
 */
public final class InputSchemas {
  private InputSchemas() {}

  /**
   * One finding.
   *
   * @param file {@code params.json} or {@code connections.json}
   * @param path where, as a JSON path, e.g. {@code $.database.port}
   * @param message what is wrong, or why that part was not checked
   */
  public record Finding(String file, String path, String message) {
    @Override
    public String toString() {
      return file + " " + path + ": " + message;
    }
  }

  /**
   * What the check found.
   *
   * @param violations every way the inputs miss their schemas
   * @param notChecked every part that could not be checked, and why
   */
  public record Report(List<Finding> violations, List<Finding> notChecked) {}

  /**
   * Returns whether json-schema-validator, an optional dependency, is on the class path.
   *
   * @return {@code true} when schemas can be checked
   */
  public static boolean validatorPresent() {
    return OptionalLibrary.JSON_SCHEMA_VALIDATOR.present();
  }

  /**
   * Checks params and connections against the bundle's schemas.
   *
   * @param bundleDirectory the bundle directory
   * @param params the params; {@code md_metadata} is left out, the platform adds it after checking
   * @param connections the connections
   * @param mapper reads the schema files
   * @return the findings; nothing when the bundle declares no schemas
   * @throws ProvisionerException with exit code 2 when a schema file is malformed or unusable, with
   *     exit code 1 when json-schema-validator is needed and not on the class path
   */
  public static Report check(
      Path bundleDirectory, JsonNode params, JsonNode connections, ObjectMapper mapper) {
    JsonNode yaml = ConfigBlock.massdriverYaml(bundleDirectory);
    List<Finding> violations = new ArrayList<>();
    List<Finding> notChecked = new ArrayList<>();
    SchemaCheck[] check = new SchemaCheck[1];

    ObjectNode paramsInstance = params.deepCopy();
    paramsInstance.remove("md_metadata");
    JsonNode paramsSchema =
        schema(bundleDirectory, "schema-params.json", yaml.get("params"), mapper);
    if (paramsSchema != null) {
      validate("params.json", paramsSchema, paramsInstance, violations, notChecked, check);
    }

    JsonNode connectionsSchema =
        schema(bundleDirectory, "schema-connections.json", yaml.get("connections"), mapper);
    if (connectionsSchema != null) {
      validate("connections.json", connectionsSchema, connections, violations, notChecked, check);
    }
    JsonNode dependencies = yaml.path("dependencies");
    if (connectionsSchema == null && dependencies.isObject()) {
      for (Map.Entry<String, JsonNode> entry : dependencies.properties()) {
        String path = "$" + pathKey(entry.getKey());
        JsonNode payload = connections.get(entry.getKey());
        if ((payload == null || payload.isNull())
            && entry.getValue().path("required").asBoolean(false)) {
          violations.add(new Finding("connections.json", path, "required dependency is missing"));
        } else if (payload != null) {
          notChecked.add(
              new Finding(
                  "connections.json",
                  path,
                  "its resource type "
                      + entry.getValue().path("resource_type").asText("?")
                      + " is defined on the platform, not in the bundle"));
        }
      }
    }
    return new Report(List.copyOf(violations), List.copyOf(notChecked));
  }

  private static JsonNode schema(
      Path bundleDirectory, String fileName, JsonNode fromYaml, ObjectMapper mapper) {
    byte[] bytes =
        RegularFiles.read(
            bundleDirectory.resolve(fileName),
            "bundle/" + fileName,
            BundleArtifacts.BUNDLE_FILES_ARE_REGULAR);
    if (bytes != null) {
      try {
        return mapper.readTree(bytes);
      } catch (java.io.IOException e) {
        String where =
            e instanceof JsonProcessingException
                    && ((JsonProcessingException) e).getLocation() != null
                ? " line " + ((JsonProcessingException) e).getLocation().getLineNr()
                : "";
        throw ProvisionerException.invalidInput(
            "bundle/" + fileName + where + ": cannot be parsed — rebuild the bundle");
      }
    }
    return fromYaml != null && fromYaml.isObject() ? fromYaml : null;
  }

  private static void validate(
      String file,
      JsonNode schema,
      JsonNode instance,
      List<Finding> violations,
      List<Finding> notChecked,
      SchemaCheck[] check) {
    JsonNode offline = offline(schema.deepCopy(), file, "$", notChecked);
    if (check[0] == null) {
      OptionalLibrary.JSON_SCHEMA_VALIDATOR.require("checking " + file + " against the bundle");
      check[0] = new SchemaCheck();
    }
    for (BundleArtifacts.Problem problem :
        check[0].validateDocument(offline, instance, "the bundle's schema for " + file)) {
      violations.add(new Finding(file, problem.path(), problem.message()));
    }
  }

  /**
   * Replaces every sub-schema that refers outside the schema by an empty one, noting where: the
   * instance path the sub-schema describes, as far as {@code properties} and {@code items} lead.
   */
  private static JsonNode offline(
      JsonNode schema, String file, String instancePath, List<Finding> notChecked) {
    if (schema.isObject()) {
      JsonNode ref = schema.get("$ref");
      if (ref != null && ref.isTextual() && !ref.asText().startsWith("#")) {
        notChecked.add(
            new Finding(
                file,
                instancePath,
                "$ref "
                    + ref.asText()
                    + " is a type the SDK cannot resolve offline (the platform checks it)"));
        return JsonNodeFactory.instance.objectNode();
      }
      ObjectNode object = (ObjectNode) schema;
      for (Map.Entry<String, JsonNode> entry : object.properties()) {
        if (entry.getKey().equals("properties") && entry.getValue().isObject()) {
          ObjectNode properties = (ObjectNode) entry.getValue();
          for (Map.Entry<String, JsonNode> property : properties.properties()) {
            property.setValue(
                offline(
                    property.getValue(),
                    file,
                    instancePath + pathKey(property.getKey()),
                    notChecked));
          }
        } else {
          String key = entry.getKey();
          String below =
              key.equals("items") || key.equals("additionalItems")
                  ? instancePath + "[*]"
                  : key.equals("additionalProperties") || key.equals("patternProperties")
                      ? instancePath + ".*"
                      : instancePath;
          entry.setValue(offline(entry.getValue(), file, below, notChecked));
        }
      }
    } else if (schema.isArray()) {
      for (int i = 0; i < schema.size(); i++) {
        ((com.fasterxml.jackson.databind.node.ArrayNode) schema)
            .set(i, offline(schema.get(i), file, instancePath, notChecked));
      }
    }
    return schema;
  }

  private static String pathKey(String key) {
    return key.matches("[A-Za-z_][A-Za-z0-9_]*")
        ? "." + key
        : "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
  }
}
