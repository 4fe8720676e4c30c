package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.internal.os.RegularFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A step's {@code config} block of {@code massdriver.yaml}, compiled into {@code config.json} the
 * way the platform does before a step starts: mappings are walked; each string leaf is a jq program
 * run over {@code {params, connections, dependencies}} and replaced by its single result (a {@code
 * null} result is kept); numbers, booleans, {@code null} and arrays are copied as written (strings
 * inside an array are not evaluated). A field whose program does not compile, fails, or yields no
 * value or several is a {@link Problem}; every one is reported, not just the first. Evaluated with
 * the templates' jq ({@link JqProgram}: jq 1.7.1 semantics), so jackson-jq must be on the class
 * path when the block has a string leaf. Used only by the local runner, {@code check} and the test
 * kit: in a container the platform has already done this.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigBlock {
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final String stepPath;
  private final JsonNode block;

  /**
   * One broken field of a config block.
   *
   * @param keyPath where, e.g. {@code config.execution.tasks.playbook.timeout}
   * @param expression the jq program written there
   * @param message jq's message, or what the program yielded instead of one value
   */
  public record Problem(String keyPath, String expression, String message) {
    @Override
    public String toString() {
      return keyPath + ": '" + expression + "': " + message;
    }
  }

  /**
   * A compiled block.
   *
   * @param config what {@code config.json} would hold; broken fields are left out
   * @param problems the broken fields, in the block's order; empty when it compiled
   */
  public record Compiled(ObjectNode config, List<Problem> problems) {}

  private ConfigBlock(String stepPath, JsonNode block) {
    this.stepPath = stepPath;
    this.block = block;
  }

  /**
   * Reads a step's config block from {@code <bundle>/massdriver.yaml}, anchors and merge keys
   * resolved.
   *
   * @param bundleDirectory the bundle directory
   * @param stepPath the step's {@code path}
   * @return the block; empty when there is no {@code massdriver.yaml}, no step with that path, or
   *     the step has no {@code config}
   * @throws ProvisionerException with exit code 2 when {@code massdriver.yaml} cannot be parsed or
   *     the step's {@code config} is not a mapping
   */
  public static Optional<ConfigBlock> read(Path bundleDirectory, String stepPath) {
    Objects.requireNonNull(stepPath, "stepPath");
    JsonNode bundle = massdriverYaml(bundleDirectory);
    for (JsonNode step : bundle.path("steps")) {
      if (stepPath.equals(step.path("path").asText(null))) {
        JsonNode config = step.get("config");
        if (config == null || config.isNull()) {
          return Optional.empty();
        }
        if (!config.isObject()) {
          throw ProvisionerException.invalidInput(
              "bundle/massdriver.yaml steps[path="
                  + stepPath
                  + "].config is not a mapping — write it as key: 'jq expression' lines");
        }
        return Optional.of(new ConfigBlock(stepPath, config));
      }
    }
    return Optional.empty();
  }

  /**
   * Reads {@code massdriver.yaml} of a bundle directory.
   *
   * @param bundleDirectory the bundle directory
   * @return the document; an empty object without the file
   * @throws ProvisionerException with exit code 2 when it cannot be parsed
   */
  public static JsonNode massdriverYaml(Path bundleDirectory) {
    byte[] bytes =
        RegularFiles.read(
            bundleDirectory.resolve(BundleArtifacts.MASSDRIVER_YAML),
            "bundle/" + BundleArtifacts.MASSDRIVER_YAML,
            BundleArtifacts.BUNDLE_FILES_ARE_REGULAR);
    return bytes == null
        ? JsonNodeFactory.instance.objectNode()
        : BundleYaml.parse(
            new String(bytes, StandardCharsets.UTF_8), "bundle/" + BundleArtifacts.MASSDRIVER_YAML);
  }

  /**
   * Wraps a block given as a tree, e.g. in tests.
   *
   * @param stepPath the step's path, for messages
   * @param block the {@code config} mapping
   * @return the block
   */
  public static ConfigBlock of(String stepPath, JsonNode block) {
    return new ConfigBlock(Objects.requireNonNull(stepPath, "stepPath"), block.deepCopy());
  }

  /**
   * Returns the block as written.
   *
   * @return a copy of the mapping
   */
  public JsonNode written() {
    return block.deepCopy();
  }

  /**
   * Compiles the block over the run's inputs.
   *
   * @param params the params, {@code md_metadata} included
   * @param connections the connections; also offered as {@code .dependencies}
   * @return the config and the broken fields
   * @throws ProvisionerException with exit code 1 when the block has a jq field and jackson-jq is
   *     not on the class path
   */
  public Compiled compile(JsonNode params, JsonNode connections) {
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    input.set("params", exact(params));
    input.set("connections", exact(connections));
    input.set("dependencies", exact(connections));
    List<Problem> problems = new ArrayList<>();
    JqProgram.Engine[] engine = new JqProgram.Engine[1];
    ObjectNode config = walk("config", block, input, problems, engine);
    return new Compiled(config, List.copyOf(problems));
  }

  /**
   * Compiles the block over the input files of a directory laid out like {@code /massdriver}, read
   * again with numbers kept as written (as jq keeps {@code 5432.0}): {@code params.json} and {@code
   * dependencies.json}, or {@code connections.json} when there is none. A missing file reads as
   * {@code {}}.
   *
   * @param inputDirectory the directory
   * @return what {@code config.json} holds
   * @throws ProvisionerException with exit code 2 listing every broken field, or when a file is not
   *     a JSON object
   */
  public ObjectNode compileOrFail(Path inputDirectory) {
    JsonNode params = readExact(inputDirectory, "params.json");
    JsonNode connections =
        java.nio.file.Files.exists(inputDirectory.resolve("dependencies.json"))
            ? readExact(inputDirectory, "dependencies.json")
            : readExact(inputDirectory, "connections.json");
    return compileOrFail(params, connections);
  }

  /**
   * Reads an input file with numbers kept as written, as jq reads them.
   *
   * @param directory the input directory
   * @param name the file's name
   * @return the object; {@code {}} when the file is missing or empty
   * @throws ProvisionerException with exit code 2 when it is not a JSON object
   */
  public static JsonNode readExact(Path directory, String name) {
    byte[] bytes =
        RegularFiles.read(
            directory.resolve(name), name, "the platform writes each input as a regular file");
    if (bytes == null) {
      return JsonNodeFactory.instance.objectNode();
    }
    try {
      JsonNode tree = TemplateInput.exact().readTree(bytes);
      if (tree == null || tree.isMissingNode()) {
        return JsonNodeFactory.instance.objectNode();
      }
      if (!tree.isObject()) {
        throw ProvisionerException.invalidInput(name + " is not a JSON object");
      }
      return tree;
    } catch (IOException e) {
      throw ProvisionerException.invalidInput(name + " cannot be parsed — fix the file");
    }
  }

  /**
   * Compiles the block and fails on any broken field.
   *
   * @param params the params, {@code md_metadata} included
   * @param connections the connections; also offered as {@code .dependencies}
   * @return what {@code config.json} holds
   * @throws ProvisionerException with exit code 2 listing every broken field
   */
  public ObjectNode compileOrFail(JsonNode params, JsonNode connections) {
    Compiled compiled = compile(params, connections);
    if (!compiled.problems().isEmpty()) {
      throw ProvisionerException.invalidInput(describe(compiled.problems()));
    }
    return compiled.config();
  }

  /**
   * Describes broken fields, one per line, with what to do.
   *
   * @param problems the problems
   * @return the message
   */
  public String describe(List<Problem> problems) {
    StringBuilder message =
        new StringBuilder("step ")
            .append(stepPath)
            .append(": the config block in bundle/massdriver.yaml has ")
            .append(problems.size())
            .append(problems.size() == 1 ? " broken field" : " broken fields")
            .append(" (each string is a jq program over {params, connections, dependencies};")
            .append(" write a literal string as '@text \"value\"'):");
    for (Problem problem : problems) {
      message.append("\n  ").append(problem);
    }
    return message.toString();
  }

  /**
   * Writes a config the way jq prints it: numbers keep the text they had.
   *
   * @param config a compiled config
   * @return compact JSON text
   */
  public static String write(JsonNode config) {
    return JqJson.write(config);
  }

  private static JsonNode exact(JsonNode tree) {
    try {
      JsonNode copy = TemplateInput.exact().readTree(tree.toString());
      return JqNumbers.literal(copy);
    } catch (IOException e) {
      throw new IllegalStateException("a parsed tree is always JSON", e);
    }
  }

  private ObjectNode walk(
      String path,
      JsonNode mapping,
      JsonNode input,
      List<Problem> problems,
      JqProgram.Engine[] engine) {
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> entry : mapping.properties()) {
      String at = path + key(entry.getKey());
      JsonNode value = entry.getValue();
      if (value.isObject()) {
        result.set(entry.getKey(), walk(at, value, input, problems, engine));
      } else if (value.isTextual()) {
        if (engine[0] == null) {
          OptionalLibrary.JACKSON_JQ.require("step " + stepPath + "'s config block (" + at + ")");
          engine[0] = JqProgram.engine(Map.of());
        }
        Optional<JsonNode> evaluated = evaluate(at, value.asText(), input, problems, engine[0]);
        evaluated.ifPresent(node -> result.set(entry.getKey(), node));
      } else {
        result.set(entry.getKey(), value.deepCopy());
      }
    }
    return result;
  }

  private static Optional<JsonNode> evaluate(
      String at,
      String expression,
      JsonNode input,
      List<Problem> problems,
      JqProgram.Engine engine) {
    JqProgram.Run run = engine.tryProgram(expression, input.deepCopy());
    if (run.error().isPresent()) {
      problems.add(new Problem(at, expression, run.error().get()));
      return Optional.empty();
    }
    if (run.values().size() != 1) {
      problems.add(
          new Problem(
              at,
              expression,
              "yielded "
                  + run.values().size()
                  + " values, the platform needs exactly one"
                  + (run.values().isEmpty() ? " (add // null for a default)" : "")));
      return Optional.empty();
    }
    return Optional.of(run.values().get(0));
  }

  private static String key(String key) {
    return PLAIN_KEY.matcher(key).matches() ? "." + key : "[" + JqJson.write(text(key)) + "]";
  }

  private static JsonNode text(String key) {
    return JsonNodeFactory.instance.textNode(key);
  }
}
