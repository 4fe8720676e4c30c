package dev.provisionersdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisionersdk.DeploymentContext;
import dev.provisionersdk.Metadata;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Request;
import dev.provisionersdk.Secret;
import dev.provisionersdk.internal.redact.Redactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The runtime's {@link Request}: the context, the parsed input files and the bundle's paths.
 *
 * <p>Thread-safe: all state is immutable except the redactor, which is itself thread-safe.
 */
public final class LoadedRequest implements Request {
  private final DeploymentContext context;
  private final Inputs inputs;
  private final Json json;
  private final Redactor redactor;
  private final Path inputDirectory;
  private final Metadata metadata;

  private LoadedRequest(
      DeploymentContext context, Inputs inputs, Json json, Redactor redactor, Path inputDirectory) {
    this.context = context;
    this.inputs = inputs;
    this.json = json;
    this.redactor = redactor;
    this.inputDirectory = inputDirectory;
    JsonNode mdMetadata = inputs.tree(InputFile.PARAMS).path("md_metadata");
    this.metadata = mdMetadata.isObject() ? Metadata.of(mdMetadata) : Metadata.empty();
  }

  /**
   * Loads the inputs of one run from a directory laid out like {@code /massdriver}.
   *
   * @param context the deployment context
   * @param inputDirectory the directory holding the input files and {@code bundle/}
   * @param json the parser
   * @param redactor receives every secret value
   * @return the request
   * @throws ProvisionerException with exit code 2 when a file is malformed or the step directory
   *     does not exist
   */
  public static LoadedRequest load(
      DeploymentContext context, Path inputDirectory, Json json, Redactor redactor) {
    Inputs inputs = Inputs.load(inputDirectory, json, redactor);
    LoadedRequest request =
        new LoadedRequest(context, inputs, json, redactor, inputDirectory.toAbsolutePath());
    Path step = request.stepDirectory();
    if (!Files.isDirectory(step)) {
      throw ProvisionerException.invalidInput(
          "step directory "
              + step
              + " does not exist — MASSDRIVER_STEP_PATH '"
              + context.stepPath()
              + "' must name a directory of the bundle (locally: --step, and --inputs pointing at a"
              + " directory with bundle/"
              + context.stepPath()
              + "/)");
    }
    return request;
  }

  @Override
  public DeploymentContext context() {
    return context;
  }

  @Override
  public JsonNode params() {
    return inputs.tree(InputFile.PARAMS).deepCopy();
  }

  @Override
  public <T> T params(Class<T> type) {
    return bind(InputFile.PARAMS, type);
  }

  @Override
  public Metadata metadata() {
    return metadata;
  }

  @Override
  public JsonNode connections() {
    return inputs.tree(InputFile.CONNECTIONS).deepCopy();
  }

  @Override
  public Optional<JsonNode> connection(String name) {
    Objects.requireNonNull(name, "name");
    JsonNode payload = inputs.tree(InputFile.CONNECTIONS).get(name);
    return payload == null || payload.isNull() ? Optional.empty() : Optional.of(payload.deepCopy());
  }

  @Override
  public <T> T connections(Class<T> type) {
    return bind(InputFile.CONNECTIONS, type);
  }

  @Override
  public JsonNode config() {
    return inputs.tree(InputFile.CONFIG).deepCopy();
  }

  @Override
  public <T> T config(Class<T> type) {
    return bind(InputFile.CONFIG, type);
  }

  @Override
  public <T> T config(String path, Class<T> type, T defaultValue) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    JsonNode node = inputs.tree(InputFile.CONFIG);
    StringBuilder jsonPath = new StringBuilder("$");
    for (String key : path.split("\\.", -1)) {
      jsonPath.append(Json.childPath(key));
      node = node.path(key);
    }
    if (node.isMissingNode() || node.isNull()) {
      return defaultValue;
    }
    return json.bind(InputFile.CONFIG.fileName(), jsonPath.toString(), node, type);
  }

  @Override
  public Map<String, String> envs() {
    Map<String, String> envs = new LinkedHashMap<>();
    inputs
        .tree(InputFile.ENVS)
        .properties()
        .forEach(entry -> envs.put(entry.getKey(), asText(entry.getValue())));
    return Collections.unmodifiableMap(envs);
  }

  @Override
  public Optional<Secret> secret(String name) {
    Objects.requireNonNull(name, "name");
    JsonNode value = inputs.tree(InputFile.SECRETS).get(name);
    return value == null || value.isNull()
        ? Optional.empty()
        : Optional.of(Secret.of(asText(value)));
  }

  @Override
  public Set<String> secretNames() {
    Set<String> names = new LinkedHashSet<>();
    inputs.tree(InputFile.SECRETS).properties().forEach(entry -> names.add(entry.getKey()));
    return Collections.unmodifiableSet(names);
  }

  @Override
  public <T> T secrets(Class<T> type) {
    return bind(InputFile.SECRETS, type);
  }

  /**
   * Returns the run's redactor, for output that does not go through {@code System.out}/{@code
   * System.err}: wrap a subprocess's streams in {@code new RedactingOutputStream(target,
   * redactor())} to mask them with the same secrets and rules.
   *
   * @return the redactor shared by every masking stream of this run; thread-safe
   */
  public Redactor redactor() {
    return redactor;
  }

  @Override
  public void registerSecret(Secret secret) {
    Objects.requireNonNull(secret, "secret");
    redactor.register(secret.reveal());
  }

  @Override
  public Path inputDirectory() {
    return inputDirectory;
  }

  @Override
  public Path bundleDirectory() {
    return inputDirectory.resolve("bundle");
  }

  @Override
  public Path stepDirectory() {
    return bundleDirectory().resolve(context.stepPath());
  }

  @Override
  public Optional<Path> massdriverYaml() {
    Path yaml = bundleDirectory().resolve("massdriver.yaml");
    return Files.isRegularFile(yaml) ? Optional.of(yaml) : Optional.empty();
  }

  private <T> T bind(InputFile file, Class<T> type) {
    Objects.requireNonNull(type, "type");
    ObjectNode tree = inputs.tree(file);
    return json.bind(file.fileName(), "$", tree, type);
  }

  private String asText(JsonNode value) {
    if (value.isValueNode()) {
      return value.asText();
    }
    try {
      return json.mapper().writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON tree could not be written back", e);
    }
  }

  @Override
  public String toString() {
    return "Request[" + context + "]";
  }
}
