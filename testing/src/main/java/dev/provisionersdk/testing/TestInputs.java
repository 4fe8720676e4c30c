package dev.provisionersdk.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisionersdk.Action;
import dev.provisionersdk.Request;
import dev.provisionersdk.internal.testkit.TestKitAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The inputs of one provisioner run, built in code: the five JSON files, bundle files, the step and
 * environment variables. Files may come from JSON strings, maps, or files on disk; a sample
 * directory can be the starting point.
 *
 * <pre>{@code
 * TestInputs inputs = TestInputs.create()
 *     .params("{\"replicas\": 3}")
 *     .secrets(Map.of("db_password", "s3cr3t-value"))
 *     .bundleFile("src/main.tf", "");
 * }</pre>
 *
 * <p>Immutable: every method returns a new instance. Thread-safe.
 */
public final class TestInputs {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> FILES =
      List.of("params.json", "connections.json", "config.json", "envs.json", "secrets.json");

  private final Path sampleDirectory;
  private final Map<String, byte[]> files;
  private final String step;
  private final Map<String, String> environment;

  private TestInputs(
      Path sampleDirectory, Map<String, byte[]> files, String step, Map<String, String> env) {
    this.sampleDirectory = sampleDirectory;
    this.files = Collections.unmodifiableMap(files);
    this.step = step;
    this.environment = Collections.unmodifiableMap(env);
  }

  /**
   * Starts from nothing: every JSON file reads as {@code {}}, step {@code src}, an empty step
   * directory.
   *
   * @return empty inputs
   */
  public static TestInputs create() {
    return new TestInputs(null, new LinkedHashMap<>(), "src", new LinkedHashMap<>());
  }

  /**
   * Starts from a sample directory laid out like {@code /massdriver}, such as the one the local
   * runner's {@code --inputs} takes. Its files are copied at run time; later calls override them.
   *
   * @param directory the sample directory
   * @return inputs based on the directory
   */
  public static TestInputs fromDirectory(Path directory) {
    Objects.requireNonNull(directory, "directory");
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("not a directory: " + directory);
    }
    return new TestInputs(directory, new LinkedHashMap<>(), "src", new LinkedHashMap<>());
  }

  /**
   * Starts from a bundle directory (the one holding {@code massdriver.yaml} and the step
   * directories) and a params file, the way the platform prepares a step: the bundle is copied to
   * {@code bundle/}, {@code params.json} from the file, and {@code config.json} is compiled from
   * the step's {@code config} block when the run starts (by {@link TestRunner} and {@link
   * #request}). Other files read as {@code {}} until set.
   *
   * @param bundleDirectory the bundle directory
   * @param paramsFile the params, e.g. {@code sample/params.json}
   * @return inputs based on the bundle
   * @throws UncheckedIOException when a file cannot be read
   */
  public static TestInputs fromBundle(Path bundleDirectory, Path paramsFile) {
    Objects.requireNonNull(bundleDirectory, "bundleDirectory");
    if (!Files.isDirectory(bundleDirectory)) {
      throw new IllegalArgumentException("not a directory: " + bundleDirectory);
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (java.util.stream.Stream<Path> walk = Files.walk(bundleDirectory)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String relative = bundleDirectory.relativize(file).toString().replace('\\', '/');
        files.put("bundle/" + relative, Files.readAllBytes(file));
      }
      files.put("params.json", Files.readAllBytes(paramsFile));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TestInputs(null, files, "src", new LinkedHashMap<>());
  }

  /**
   * Sets {@code params.json} from JSON text (which need not be valid: tests of bad input use that).
   *
   * @param json the file's content
   * @return new inputs
   */
  public TestInputs params(String json) {
    return file("params.json", json);
  }

  /**
   * Sets {@code params.json} from a map, written as JSON.
   *
   * @param values the parameters
   * @return new inputs
   */
  public TestInputs params(Map<String, ?> values) {
    return file("params.json", toJson(values));
  }

  /**
   * Sets {@code connections.json} from JSON text.
   *
   * @param json the file's content
   * @return new inputs
   */
  public TestInputs connections(String json) {
    return file("connections.json", json);
  }

  /**
   * Sets {@code connections.json} from a map, written as JSON.
   *
   * @param values connection name to payload
   * @return new inputs
   */
  public TestInputs connections(Map<String, ?> values) {
    return file("connections.json", toJson(values));
  }

  /**
   * Sets {@code config.json} from JSON text.
   *
   * @param json the file's content
   * @return new inputs
   */
  public TestInputs config(String json) {
    return file("config.json", json);
  }

  /**
   * Merges values into {@code config.json}: over the config set so far (by {@link #config(String)},
   * an earlier call, or the sample directory), objects merge key by key, at any depth, and any
   * other value replaces the one it meets. So {@code fromDirectory(sample).config(Map.of("dns",
   * Map.of("ttl", "5m")))} changes one key of the sample's config and keeps the rest. To replace
   * the whole file use {@link #config(String)}.
   *
   * @param values the config values to overlay
   * @return new inputs
   * @throws IllegalArgumentException when the config so far is not a JSON object
   */
  public TestInputs config(Map<String, ?> values) {
    JsonNode overlay = MAPPER.valueToTree(Objects.requireNonNull(values, "values"));
    ObjectNode merged = currentObject("config.json");
    merge(merged, (ObjectNode) overlay);
    return file("config.json", merged.toString());
  }

  /** The file as set so far, or the sample's, as an object; {@code {}} when there is none. */
  private ObjectNode currentObject(String name) {
    try {
      byte[] content = files.get(name);
      if (content == null && sampleDirectory != null) {
        Path file = sampleDirectory.resolve(name);
        content = Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
      }
      JsonNode tree = content == null ? null : MAPPER.readTree(content);
      if (tree == null || tree.isMissingNode()) {
        return MAPPER.createObjectNode();
      }
      if (!tree.isObject()) {
        throw new IllegalArgumentException(
            name
                + " so far is not a JSON object, so values cannot be merged into it: set it"
                + " whole with the String overload");
      }
      return (ObjectNode) tree;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          name
              + " so far is not JSON, so values cannot be merged into it: set it whole with the"
              + " String overload",
          e);
    }
  }

  private static void merge(ObjectNode target, ObjectNode overlay) {
    for (Map.Entry<String, JsonNode> entry : overlay.properties()) {
      JsonNode existing = target.get(entry.getKey());
      if (existing instanceof ObjectNode && entry.getValue() instanceof ObjectNode) {
        merge((ObjectNode) existing, (ObjectNode) entry.getValue());
      } else {
        target.set(entry.getKey(), entry.getValue());
      }
    }
  }

  /**
   * Sets {@code envs.json} from JSON text.
   *
   * @param json the file's content
   * @return new inputs
   */
  public TestInputs envs(String json) {
    return file("envs.json", json);
  }

  /**
   * Sets {@code envs.json} from a map, written as JSON.
   *
   * @param values variable name to value
   * @return new inputs
   */
  public TestInputs envs(Map<String, ?> values) {
    return file("envs.json", toJson(values));
  }

  /**
   * Sets {@code secrets.json} from JSON text.
   *
   * @param json the file's content
   * @return new inputs
   */
  public TestInputs secrets(String json) {
    return file("secrets.json", json);
  }

  /**
   * Sets {@code secrets.json} from a map, written as JSON.
   *
   * @param values secret name to value
   * @return new inputs
   */
  public TestInputs secrets(Map<String, ?> values) {
    return file("secrets.json", toJson(values));
  }

  /**
   * Sets one of the five input files from a file on disk.
   *
   * @param fileName {@code params.json}, {@code connections.json}, {@code config.json}, {@code
   *     envs.json} or {@code secrets.json}
   * @param source the file to copy
   * @return new inputs
   */
  public TestInputs inputFile(String fileName, Path source) {
    if (!FILES.contains(fileName)) {
      throw new IllegalArgumentException("not an input file: " + fileName + "; one of " + FILES);
    }
    try {
      return withFile(fileName, Files.readAllBytes(source));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Adds a file to the bundle, e.g. {@code bundleFile("massdriver.yaml", yaml)} or {@code
   * bundleFile("src/main.tf", "")}.
   *
   * @param relativePath the path under {@code bundle/}
   * @param content the file's content
   * @return new inputs
   */
  public TestInputs bundleFile(String relativePath, String content) {
    Path path = Path.of(relativePath).normalize();
    if (path.isAbsolute() || path.startsWith("..")) {
      throw new IllegalArgumentException(
          "bundle path must stay inside the bundle: " + relativePath);
    }
    return withFile("bundle/" + path, content.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sets the step path ({@code MASSDRIVER_STEP_PATH}); its directory is created under {@code
   * bundle/}. Default {@code src}.
   *
   * @param stepPath the step path
   * @return new inputs
   */
  public TestInputs step(String stepPath) {
    return new TestInputs(
        sampleDirectory, new LinkedHashMap<>(files), Objects.requireNonNull(stepPath), environment);
  }

  /**
   * Sets an environment variable of the run, e.g. {@code MASSDRIVER_TOKEN}.
   *
   * @param name the variable
   * @param value its value
   * @return new inputs
   */
  public TestInputs env(String name, String value) {
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new TestInputs(sampleDirectory, new LinkedHashMap<>(files), step, env);
  }

  /**
   * Returns the step path.
   *
   * @return the step path
   */
  public String step() {
    return step;
  }

  /**
   * Returns the environment variables set with {@link #env}.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> environment() {
    return environment;
  }

  /**
   * Writes the inputs into a directory, laid out like {@code /massdriver}.
   *
   * @param directory an existing, preferably empty, directory
   * @return {@code directory}
   */
  public Path writeTo(Path directory) {
    try {
      if (sampleDirectory != null) {
        copyTree(sampleDirectory, directory);
      }
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path target = directory.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.write(target, file.getValue());
      }
      Files.createDirectories(directory.resolve("bundle").resolve(step));
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write test inputs to " + directory, e);
    }
  }

  /**
   * Builds the request a handler would receive for these inputs, through the runtime's own loading
   * code: call a handler with it directly. The inputs are written to {@code directory} first; when
   * they have no {@code config.json}, it is compiled from the step's {@code config} block in {@code
   * bundle/massdriver.yaml}, as the local runner and the platform do. Secrets are not masked on
   * this path; use {@link TestRunner} for output assertions.
   *
   * @param action the action
   * @param directory an empty directory, e.g. a JUnit {@code @TempDir}
   * @return the request
   * @throws dev.provisionersdk.ProvisionerException as the runtime would for bad input
   */
  public Request request(Action action, Path directory) {
    writeTo(directory);
    // As the local runner: config.json compiled from the bundle when none was given.
    TestKitAccess.compileConfig(directory, step);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MASSDRIVER_DEPLOYMENT_ACTION", action.wireName());
    env.put("MASSDRIVER_STEP_PATH", step);
    env.put("MASSDRIVER_DEPLOYMENT_ID", "test-deployment");
    env.put("MASSDRIVER_INSTANCE_ID", "test-instance");
    env.putAll(environment);
    Map<String, String> processEnvironment = new LinkedHashMap<>(env);
    String path = System.getenv("PATH");
    if (path != null) {
      // Commands run from a test request find tools the way a local run does.
      processEnvironment.putIfAbsent("PATH", path);
    }
    return TestKitAccess.request(env, processEnvironment, directory);
  }

  /**
   * Returns every secret value these inputs hold: the string and number leaves of {@code
   * secrets.json} (set here or in the sample directory) and {@code MASSDRIVER_TOKEN}.
   *
   * @return the values, for leak assertions
   */
  public List<String> secretValues() {
    List<String> values = new ArrayList<>();
    byte[] secrets = files.get("secrets.json");
    try {
      if (secrets == null && sampleDirectory != null) {
        Path file = sampleDirectory.resolve("secrets.json");
        secrets = Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
      }
      if (secrets != null) {
        collectLeaves(MAPPER.readTree(secrets), values);
      }
    } catch (JsonProcessingException e) {
      // Malformed secrets: treat every non-blank line as a value that must not leak.
      new String(secrets, StandardCharsets.UTF_8)
          .lines()
          .map(String::trim)
          .filter(line -> line.length() >= TestKitAccess.MINIMUM_SECRET_LENGTH)
          .forEach(values::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String token = environment.get("MASSDRIVER_TOKEN");
    if (token != null) {
      values.add(token);
    }
    values.removeIf(value -> value.length() < TestKitAccess.MINIMUM_SECRET_LENGTH);
    return values;
  }

  private static void collectLeaves(JsonNode node, List<String> values) {
    if (node == null) {
      return;
    }
    if (node.isContainerNode()) {
      node.forEach(child -> collectLeaves(child, values));
    } else if (node.isTextual() || node.isNumber()) {
      values.add(node.asText());
    }
  }

  private TestInputs file(String name, String content) {
    return withFile(name, Objects.requireNonNull(content, name).getBytes(StandardCharsets.UTF_8));
  }

  private TestInputs withFile(String name, byte[] content) {
    Map<String, byte[]> next = new LinkedHashMap<>(files);
    next.put(name, content);
    return new TestInputs(sampleDirectory, next, step, environment);
  }

  private static String toJson(Map<String, ?> values) {
    try {
      return MAPPER.writeValueAsString(Objects.requireNonNull(values, "values"));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("values cannot be written as JSON", e);
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    Files.walkFileTree(
        source,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(target.resolve(source.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            // Replaced: a test's work directory may hold the files of an earlier run.
            Files.copy(
                file,
                target.resolve(source.relativize(file).toString()),
                StandardCopyOption.REPLACE_EXISTING);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
