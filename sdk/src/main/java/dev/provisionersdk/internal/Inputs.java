package dev.provisionersdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.internal.redact.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The five input files of one run, parsed ({@code dependencies.json} stands in for {@code
 * connections.json} when present). {@code secrets.json} is read first and every value in it is
 * registered for masking before anything else can print; then the params and connections fields
 * that {@code bundle/schema-params.json} and {@code bundle/schema-connections.json} mark sensitive.
 *
 * <p>Immutable once loaded; trees are only handed out as copies.
 */
public final class Inputs {
  private static final Logger LOG = LoggerFactory.getLogger("dev.provisionersdk");

  /** The bundle's params schema, relative to the input directory. */
  static final String SCHEMA_PARAMS = "bundle/schema-params.json";

  /** The bundle's connections schema, relative to the input directory. */
  static final String SCHEMA_CONNECTIONS = "bundle/schema-connections.json";

  /** The name Massdriver 2.5.1 gives {@code connections.json}; read in its place when present. */
  public static final String DEPENDENCIES_FILE = "dependencies.json";

  private final Map<InputFile, ObjectNode> trees;

  private Inputs(Map<InputFile, ObjectNode> trees) {
    this.trees = trees;
  }

  /**
   * Reads the input files from a directory. A missing file reads as {@code {}}.
   *
   * @param directory the input directory, {@code /massdriver} in a container
   * @param json the parser
   * @param redactor receives every value of {@code secrets.json} and every params or connections
   *     value the bundle's schemas mark {@code "$md.sensitive": true}
   * @return the inputs
   * @throws ProvisionerException with exit code 2 when a file is malformed or unreadable
   */
  public static Inputs load(Path directory, Json json, Redactor redactor) {
    return load(directory, json, redactor, true);
  }

  /**
   * Reads the input files from a directory, saying or not which of {@code dependencies.json} and
   * {@code connections.json} was read: the local runner reads the inputs once before the run and
   * leaves that to the run.
   *
   * @param directory the input directory
   * @param json the parser
   * @param redactor receives every secret and sensitive value
   * @param logChoice whether to log which connections file was read (and warn when they differ)
   * @return the inputs
   * @throws ProvisionerException with exit code 2 when a file is malformed or unreadable
   */
  static Inputs load(Path directory, Json json, Redactor redactor, boolean logChoice) {
    Map<InputFile, ObjectNode> trees = new EnumMap<>(InputFile.class);
    // Secrets first: nothing read later may print before their values are masked.
    ObjectNode secrets = read(directory, InputFile.SECRETS, json);
    InputLimits.checkSecretCount(secrets);
    registerSecrets(secrets, json, redactor);
    trees.put(InputFile.SECRETS, secrets);
    for (InputFile file : InputFile.values()) {
      if (file == InputFile.CONNECTIONS) {
        trees.put(file, connections(directory, json, logChoice));
      } else if (file != InputFile.SECRETS) {
        trees.put(file, read(directory, file, json));
      }
    }
    // Still before anything prints: fields the bundle's schemas mark sensitive.
    registerSensitive(directory, SCHEMA_PARAMS, trees.get(InputFile.PARAMS), json, redactor);
    registerSensitive(
        directory, SCHEMA_CONNECTIONS, trees.get(InputFile.CONNECTIONS), json, redactor);
    return new Inputs(trees);
  }

  /**
   * Reads {@code dependencies.json} (Massdriver 2.5.1 and later) when it exists, {@code
   * connections.json} otherwise: both carry the same payloads. When both exist and differ, warns
   * once and uses {@code dependencies.json}.
   */
  private static ObjectNode connections(Path directory, Json json, boolean logChoice) {
    byte[] dependencies = InputLimits.read(directory.resolve(DEPENDENCIES_FILE), DEPENDENCIES_FILE);
    if (dependencies == null) {
      if (logChoice) {
        LOG.debug("connections read from connections.json (no dependencies.json)");
      }
      return read(directory, InputFile.CONNECTIONS, json);
    }
    ObjectNode chosen = json.parseObject(DEPENDENCIES_FILE, dependencies);
    if (!logChoice) {
      return chosen;
    }
    byte[] connections =
        InputLimits.read(directory.resolve(InputFile.CONNECTIONS.fileName()), "connections.json");
    boolean same;
    try {
      same =
          connections == null
              || json.parseObject(InputFile.CONNECTIONS.fileName(), connections).equals(chosen);
    } catch (ProvisionerException e) {
      same = false; // malformed: not read, dependencies.json is
    }
    if (same) {
      LOG.debug("connections read from dependencies.json");
    } else {
      LOG.warn(
          "dependencies.json and connections.json differ; using dependencies.json (the platform"
              + " writes the same payloads to both)");
    }
    return chosen;
  }

  private static ObjectNode read(Path directory, InputFile file, Json json) {
    return read(directory, file.fileName(), json);
  }

  private static ObjectNode read(Path directory, String fileName, Json json) {
    byte[] content = InputLimits.read(directory.resolve(fileName), fileName);
    return content == null
        ? JsonNodeFactory.instance.objectNode()
        : json.parseObject(fileName, content);
  }

  /**
   * Registers every string and number leaf of {@code secrets.json} for masking (the redactor adds
   * their encoded forms), the leaves of string values that hold a JSON object or array (every value
   * of a key that such a string repeats included), and the compact JSON text of nested objects and
   * arrays (what {@code Secret.reveal()} returns for them), written with the streaming generator.
   * Warns by JSON path, never by value, about values too short to mask.
   */
  static void registerSecrets(JsonNode secrets, Json json, Redactor redactor) {
    secrets
        .properties()
        .forEach(
            entry -> {
              String path = "$" + Json.childPath(entry.getKey());
              JsonNode value = entry.getValue();
              if (value.isContainerNode()) {
                redactor.register(json.compact(value));
              }
              forEachLeaf(path, value, (at, text) -> register("secrets.json", at, text, redactor));
              forEachLeaf(
                  path, value, (at, text) -> registerEmbeddedJson(at, text, json, redactor));
            });
  }

  /**
   * A secret string that is itself JSON (a credentials blob): mask its leaves too, read token by
   * token so that a key it repeats has each of its values masked.
   */
  private static void registerEmbeddedJson(String path, String text, Json json, Redactor redactor) {
    String trimmed = text.strip();
    if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) {
      return;
    }
    try {
      json.forEachScalar(
          trimmed.getBytes(StandardCharsets.UTF_8),
          (at, leaf) ->
              register("secrets.json", path + "(json)" + at.substring(1), leaf, redactor));
    } catch (IOException e) {
      // Not JSON after all (the leaves read before the error are masked); the whole value is.
    }
  }

  /**
   * Registers the values of {@code document} that {@code bundle/<schemaFile>} marks {@code
   * "$md.sensitive": true}, when that schema exists.
   */
  static void registerSensitive(
      Path directory, String schemaFile, JsonNode document, Json json, Redactor redactor) {
    if (!Files.isRegularFile(directory.resolve(schemaFile))) {
      return;
    }
    ObjectNode schema = read(directory, schemaFile, json);
    String fileName = schemaFile.equals(SCHEMA_PARAMS) ? "params.json" : "connections.json";
    SensitiveFields.forEach(
        schema, document, (path, value) -> register(fileName, path, value, redactor));
  }

  private static void register(String fileName, String path, String value, Redactor redactor) {
    if (redactor.register(value) == Redactor.Registration.TOO_SHORT) {
      LOG.warn(
          "{} {} is shorter than {} characters and is not masked in output",
          fileName,
          path,
          Redactor.MINIMUM_LENGTH);
    }
  }

  /** Calls {@code action} with the JSON path and text of every string and number leaf. */
  static void forEachLeaf(String path, JsonNode node, BiConsumer<String, String> action) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              entry ->
                  forEachLeaf(path + Json.childPath(entry.getKey()), entry.getValue(), action));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        forEachLeaf(path + "[" + i + "]", node.get(i), action);
      }
    } else if (node.isTextual() || node.isNumber()) {
      action.accept(path, node.asText());
    }
  }

  /**
   * Returns a file's tree. Callers must not modify it.
   *
   * @param file the file
   * @return its tree
   */
  ObjectNode tree(InputFile file) {
    return trees.get(file);
  }
}
