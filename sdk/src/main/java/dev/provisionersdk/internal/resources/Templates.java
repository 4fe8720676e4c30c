package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.internal.os.RegularFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The step directory's {@code artifact_<field>.jq} and {@code resource_<field>.jq} templates, as
 * the official provisioner images use them: each is a jq program run over {@code {params,
 * connections, envs, secrets, outputs}} that yields the field's payload. Evaluated with jackson-jq
 * brought close to jq 1.7.1 ({@link JqProgram}); finding the templates needs no jq, so jackson-jq,
 * an optional dependency, is loaded only when a template is evaluated.
 *
 * <p>Thread-safe: the template list is immutable; the jq engine is created once, under a lock.
 */
final class Templates {
  private static final Pattern FILE_NAME =
      Pattern.compile("(?:artifact|resource)_([A-Za-z0-9][A-Za-z0-9_-]*)\\.jq");
  private final Map<String, Path> files;
  private final Map<String, String> environment;
  private JqProgram.Engine engine;

  private Templates(Map<String, Path> files, Map<String, String> environment) {
    this.files = Collections.unmodifiableMap(files);
    this.environment = Map.copyOf(environment);
  }

  /**
   * Finds the templates of a step directory (not its sub-directories).
   *
   * @param stepDirectory the step directory
   * @param environment what the templates see as {@code $ENV} and {@code env}
   * @return the templates, by field
   * @throws ProvisionerException with exit code 2 when two files define the same field
   */
  static Templates scan(Path stepDirectory, Map<String, String> environment) {
    Map<String, Path> files = new TreeMap<>();
    if (!Files.isDirectory(stepDirectory)) {
      return new Templates(files, environment);
    }
    try (Stream<Path> entries = Files.list(stepDirectory)) {
      // Every entry named like a template counts, whatever it is: a named pipe or a directory
      // is then refused when read, by name, rather than silently not published or deleted.
      for (Path file : entries.sorted().toList()) {
        Matcher matcher = FILE_NAME.matcher(file.getFileName().toString());
        if (matcher.matches()) {
          Path previous = files.put(matcher.group(1), file);
          if (previous != null) {
            throw ProvisionerException.invalidInput(
                "both "
                    + previous.getFileName()
                    + " and "
                    + file.getFileName()
                    + " define resource field '"
                    + matcher.group(1)
                    + "' — keep one of them");
          }
        }
      }
    } catch (IOException e) {
      throw ProvisionerException.invalidInput(
          "cannot list the step directory "
              + stepDirectory
              + " for .jq templates ("
              + e.getClass().getSimpleName()
              + ")");
    }
    return new Templates(files, environment);
  }

  /**
   * Returns the fields that have a template.
   *
   * @return the fields, sorted
   */
  List<String> fields() {
    return new ArrayList<>(files.keySet());
  }

  boolean isEmpty() {
    return files.isEmpty();
  }

  /** The template files' names, for messages. */
  List<String> files() {
    List<String> names = new ArrayList<>();
    files.values().forEach(file -> names.add(file.getFileName().toString()));
    return names;
  }

  /** A field's template file name. */
  String file(String field) {
    return files.get(field).getFileName().toString();
  }

  /**
   * Compiles every template, so a syntax error is found before any work.
   *
   * @throws ProvisionerException with exit code 2 naming the file and jq's message
   */
  void compileAll() {
    for (String field : files.keySet()) {
      String name = file(field);
      engine(name).compile(name, program(field));
    }
  }

  /**
   * Whether a template mentions {@code outputs} at all; one that does not yields the same value
   * before and after the handler, so it can be checked before.
   */
  boolean readsOutputs(String field) {
    return program(field).contains("outputs");
  }

  /**
   * Evaluates a field's template.
   *
   * @param field a field returned by {@link #fields()}
   * @param input {@code {params, connections, envs, secrets, outputs}}
   * @return the single value the template yields
   * @throws ProvisionerException with exit code 2 naming the file and jq's message when the
   *     template does not compile, fails, or yields no value or several; with exit code 1 when
   *     jackson-jq is not on the class path
   */
  JsonNode evaluate(String field, JsonNode input) {
    String name = file(field);
    List<JsonNode> results = engine(name).evaluate(name, program(field), input);
    if (results.size() != 1) {
      throw ProvisionerException.invalidInput(
          name
              + ": expected the template to yield one JSON value, it yielded "
              + results.size()
              + " — wrap several values in an object or array");
    }
    return results.get(0);
  }

  /**
   * Checks that jq can be loaded, naming the first template when it cannot.
   *
   * @throws ProvisionerException with exit code 1 when jackson-jq is not on the class path
   */
  void requireEngine() {
    if (!files.isEmpty()) {
      OptionalLibrary.JACKSON_JQ.require(
          "bundle template " + files.values().iterator().next().getFileName());
    }
  }

  /** A field's template text. */
  String program(String field) {
    Path file = files.get(field);
    byte[] bytes =
        RegularFiles.read(
            file, file.getFileName().toString(), BundleArtifacts.BUNDLE_FILES_ARE_REGULAR);
    if (bytes == null) {
      throw ProvisionerException.invalidInput(
          file.getFileName()
              + ": disappeared while the run used it — keep the step directory as is");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private synchronized JqProgram.Engine engine(String template) {
    if (engine == null) {
      OptionalLibrary.JACKSON_JQ.require("bundle template " + template);
      engine = JqProgram.engine(environment);
    }
    return engine;
  }
}
