package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.PathType;
import dev.provisionersdk.ProvisionerException;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything that touches networknt's json-schema-validator, an optional dependency: created by
 * {@link BundleArtifacts} only when the bundle has a schema file, and by {@link InputSchemas}
 * (local runs and {@code check} only), after {@link OptionalLibrary#JSON_SCHEMA_VALIDATOR} was
 * found.
 *
 * <p>Not thread-safe; {@link BundleArtifacts} calls it under its lock.
 */
final class SchemaCheck {
  private final SchemaRegistry registry;

  SchemaCheck() {
    // Draft 7 unless the schema says otherwise; Massdriver's "$md" annotations are not
    // validation keywords; error paths as JSON paths ($.field.key); no remote $ref fetching.
    Dialect dialect =
        Dialect.builder(Dialects.getDraft7()).keyword(new NonValidationKeyword("$md")).build();
    registry =
        SchemaRegistry.withDefaultDialect(
            dialect,
            builder ->
                builder
                    .schemaRegistryConfig(
                        SchemaRegistryConfig.builder().pathType(PathType.JSON_PATH).build())
                    // A published bundle's schemas are self-contained: never reach the network.
                    .schemaLoader(loader -> loader.fetchRemoteResources(false)));
  }

  /**
   * Validates an instance against a schema.
   *
   * @param schema the schema, rooted like {@code schema-artifacts.json}
   * @param instance {@code {field: payload}}
   * @param field the field, for messages
   * @return the problems; empty when the instance is valid
   * @throws ProvisionerException with exit code 2 when the schema is not usable
   */
  List<BundleArtifacts.Problem> validate(JsonNode schema, JsonNode instance, String field) {
    List<Error> errors;
    try {
      Schema compiled = registry.getSchema(schema);
      errors = compiled.validate(instance);
    } catch (SchemaException e) {
      throw ProvisionerException.invalidInput(
          "bundle/"
              + BundleArtifacts.SCHEMA_FILE
              + " properties."
              + field
              + " is not a usable JSON Schema ("
              + e.getMessage()
              + ") — rebuild the bundle");
    }
    List<BundleArtifacts.Problem> problems = new ArrayList<>();
    for (Error error : errors) {
      problems.add(describe(error));
    }
    return problems;
  }

  /**
   * Validates an input file against a whole schema.
   *
   * @param schema the schema
   * @param instance the document
   * @param schemaName the schema's name, for messages
   * @return the problems; empty when the document is valid
   * @throws ProvisionerException with exit code 2 when the schema is not usable
   */
  List<BundleArtifacts.Problem> validateDocument(
      JsonNode schema, JsonNode instance, String schemaName) {
    List<Error> errors;
    try {
      errors = registry.getSchema(schema).validate(instance);
    } catch (SchemaException e) {
      throw ProvisionerException.invalidInput(
          schemaName + " is not a usable JSON Schema (" + e.getMessage() + ") — fix the bundle");
    }
    List<BundleArtifacts.Problem> problems = new ArrayList<>();
    for (Error error : errors) {
      problems.add(describe(error));
    }
    return problems;
  }

  private static BundleArtifacts.Problem describe(Error error) {
    String path = error.getInstanceLocation().toString();
    String message = error.getMessage() == null ? error.getKeyword() : error.getMessage();
    if (message.startsWith(path)) {
      message = message.substring(path.length()).replaceFirst("^:\\s*", "");
    }
    return new BundleArtifacts.Problem(path, message);
  }
}
