package dev.provisionersdk.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.internal.redact.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The five input files of one run, parsed. {@code secrets.json} is read first and every value in it
 * is registered for masking before anything else can print.
 *
 * <p>Immutable once loaded; trees are only handed out as copies.
 */
public final class Inputs {
  private static final Logger LOG = LoggerFactory.getLogger("dev.provisionersdk");

  private final Map<InputFile, ObjectNode> trees;

  private Inputs(Map<InputFile, ObjectNode> trees) {
    this.trees = trees;
  }

  /**
   * Reads the input files from a directory. A missing file reads as {@code {}}.
   *
   * @param directory the input directory, {@code /massdriver} in a container
   * @param json the parser
   * @param redactor receives every value of {@code secrets.json}
   * @return the inputs
   * @throws ProvisionerException with exit code 2 when a file is malformed or unreadable
   */
  public static Inputs load(Path directory, Json json, Redactor redactor) {
    Map<InputFile, ObjectNode> trees = new EnumMap<>(InputFile.class);
    // Secrets first: nothing read later may print before their values are masked.
    ObjectNode secrets = read(directory, InputFile.SECRETS, json);
    registerSecrets(secrets, redactor);
    trees.put(InputFile.SECRETS, secrets);
    for (InputFile file : InputFile.values()) {
      if (file != InputFile.SECRETS) {
        trees.put(file, read(directory, file, json));
      }
    }
    return new Inputs(trees);
  }

  private static ObjectNode read(Path directory, InputFile file, Json json) {
    Path path = directory.resolve(file.fileName());
    byte[] content;
    try {
      content = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return json.mapper().createObjectNode();
    } catch (IOException e) {
      throw ProvisionerException.invalidInput(
          file.fileName()
              + ": cannot be read ("
              + e.getClass().getSimpleName()
              + ") — check that "
              + path
              + " is a readable file");
    }
    return json.parseObject(file.fileName(), content);
  }

  /**
   * Registers every string and number leaf of {@code secrets.json} for masking, warning (by key,
   * never by value) about values too short to mask.
   */
  static void registerSecrets(JsonNode secrets, Redactor redactor) {
    forEachLeaf(
        "$",
        secrets,
        (path, value) -> {
          // A careless dump of secrets.json shows the escaped form (a PEM's "\n"): mask both.
          redactor.register(new String(JsonStringEncoder.getInstance().quoteAsString(value)));
          if (redactor.register(value) == Redactor.Registration.TOO_SHORT) {
            LOG.warn(
                "secrets.json {} is shorter than {} characters and is not masked in output",
                path,
                Redactor.MINIMUM_LENGTH);
          }
        });
  }

  private static void forEachLeaf(String path, JsonNode node, BiConsumer<String, String> action) {
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
