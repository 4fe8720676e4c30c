package dev.provisionersdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisionersdk.Command;
import dev.provisionersdk.CommandResult;
import dev.provisionersdk.CommandRunner;
import dev.provisionersdk.Controls;
import dev.provisionersdk.DeploymentContext;
import dev.provisionersdk.Environments;
import dev.provisionersdk.Metadata;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Request;
import dev.provisionersdk.Resources;
import dev.provisionersdk.Secret;
import dev.provisionersdk.Task;
import dev.provisionersdk.internal.exec.ExecutionConfig;
import dev.provisionersdk.internal.exec.NamedTask;
import dev.provisionersdk.internal.exec.ProcessCommandRunner;
import dev.provisionersdk.internal.exec.Supervisor;
import dev.provisionersdk.internal.redact.Redactor;
import dev.provisionersdk.internal.resources.ResourceApi;
import dev.provisionersdk.internal.resources.ResourceApis;
import dev.provisionersdk.internal.resources.ResourceSession;
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
  private final ExecutionConfig executionConfig;
  private final Supervisor supervisor;
  private final CommandRunner commandRunner;
  private final ResourceSession resources;

  private LoadedRequest(
      DeploymentContext context,
      Inputs inputs,
      Json json,
      Redactor redactor,
      Path inputDirectory,
      Metadata metadata,
      ExecutionConfig executionConfig,
      Supervisor supervisor,
      CommandRunner commandRunner,
      ResourceSession resources) {
    this.context = context;
    this.inputs = inputs;
    this.json = json;
    this.redactor = redactor;
    this.inputDirectory = inputDirectory;
    this.metadata = metadata;
    this.executionConfig = executionConfig;
    this.supervisor = supervisor;
    this.commandRunner = commandRunner;
    this.resources = resources;
  }

  /**
   * Loads the inputs of one run from a directory laid out like {@code /massdriver}, outside a run
   * (the test kit's requests): commands run as real processes writing to the current {@code
   * System.out}/{@code System.err} under a supervisor of their own, and resources are only logged.
   *
   * @param context the deployment context
   * @param environment the process environment, the base of every command's
   * @param inputDirectory the directory holding the input files and {@code bundle/}
   * @param json the parser
   * @param redactor receives every secret value
   * @return the request
   * @throws ProvisionerException with exit code 2 when a file is malformed, the step directory does
   *     not exist or the step config's {@code execution} block is malformed
   */
  public static LoadedRequest load(
      DeploymentContext context,
      Map<String, String> environment,
      Path inputDirectory,
      Json json,
      Redactor redactor) {
    Supervisor supervisor = new Supervisor(Controls.defaults().gracePeriod());
    return load(
        context,
        environment,
        inputDirectory,
        json,
        redactor,
        ResourceApis.preview(context, "request built outside the runtime", json::mapper),
        supervisor,
        new ProcessCommandRunner(
            supervisor,
            redactor,
            environment,
            stepDirectory(inputDirectory, context),
            System.out,
            System.err));
  }

  /**
   * Loads the inputs of one run, with the run's services.
   *
   * @param context the deployment context
   * @param environment the process environment, the base of every command's
   * @param inputDirectory the directory holding the input files and {@code bundle/}
   * @param json the parser
   * @param redactor receives every secret value
   * @param resourceApi where {@link #resources()} sends publications and deletions
   * @param supervisor supervises the run's tasks and processes
   * @param runner runs the handler's commands
   * @return the request
   * @throws ProvisionerException with exit code 2 when a file is malformed, the step directory does
   *     not exist or the step config's {@code execution} block is malformed
   */
  public static LoadedRequest load(
      DeploymentContext context,
      Map<String, String> environment,
      Path inputDirectory,
      Json json,
      Redactor redactor,
      ResourceApi resourceApi,
      Supervisor supervisor,
      CommandRunner runner) {
    Inputs inputs = Inputs.load(inputDirectory, json, redactor);
    Path absolute = inputDirectory.toAbsolutePath();
    ExecutionConfig executionConfig = ExecutionConfig.from(inputs.tree(InputFile.CONFIG));
    Metadata metadata = MetadataBlock.fromParams(inputs.tree(InputFile.PARAMS));
    LoadedRequest request =
        new LoadedRequest(
            context,
            inputs,
            json,
            redactor,
            absolute,
            metadata,
            executionConfig,
            supervisor,
            runner,
            resourceSession(
                context, environment, inputs, metadata, absolute, redactor, json, resourceApi));
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

  /**
   * Returns the step directory of a run, where its commands run: {@code bundle/<step path>} of the
   * input directory, absolute.
   *
   * @param inputDirectory the directory holding the input files and {@code bundle/}
   * @param context the deployment context, which names the step
   * @return the directory; it may not exist ({@link #load} checks that)
   */
  public static Path stepDirectory(Path inputDirectory, DeploymentContext context) {
    return inputDirectory.toAbsolutePath().resolve("bundle").resolve(context.stepPath());
  }

  /** Resources (publishing to the Massdriver API): the templates see the unmodified input trees. */
  private static ResourceSession resourceSession(
      DeploymentContext context,
      Map<String, String> environment,
      Inputs inputs,
      Metadata metadata,
      Path inputDirectory,
      Redactor redactor,
      Json json,
      ResourceApi resourceApi) {
    return new ResourceSession(
        context,
        environment,
        metadata,
        inputDirectory,
        inputDirectory.resolve("bundle").resolve(context.stepPath()),
        Map.of(
            "params", inputs.tree(InputFile.PARAMS),
            "connections", inputs.tree(InputFile.CONNECTIONS),
            "envs", inputs.tree(InputFile.ENVS),
            "secrets", inputs.tree(InputFile.SECRETS)),
        inputs.tree(InputFile.CONFIG),
        redactor,
        json::mapper,
        resourceApi);
  }

  /**
   * Returns the step config's {@code execution} block.
   *
   * @return the parsed block
   */
  public ExecutionConfig executionConfig() {
    return executionConfig;
  }

  @Override
  public <T> T readJson(String json, Class<T> type) {
    return this.json.readOutput(
        Objects.requireNonNull(json, "json"), Objects.requireNonNull(type, "type"));
  }

  @Override
  public CommandResult run(Command command) {
    return commandRunner.run(Objects.requireNonNull(command, "command"));
  }

  @Override
  public void task(String name, Environments environments, Controls controls, Task task)
      throws Exception {
    NamedTask.run(
        name,
        environments,
        controls,
        executionConfig,
        metadata.environment(),
        supervisor,
        this,
        task);
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
  public <T> Optional<T> config(String path, Class<T> type) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    JsonNode node = inputs.tree(InputFile.CONFIG);
    StringBuilder jsonPath = new StringBuilder("$");
    for (String key : path.split("\\.", -1)) {
      jsonPath.append(Json.childPath(key));
      node = node.path(key);
    }
    if (node.isMissingNode() || node.isNull()) {
      return Optional.empty();
    }
    return Optional.of(json.bind(InputFile.CONFIG.fileName(), jsonPath.toString(), node, type));
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
  public Resources resources() {
    return resources;
  }

  /**
   * Returns the resources of this run with the runtime's extra operations, for {@link Execution} to
   * run the automatic step after a successful handler.
   *
   * @return the session
   */
  public ResourceSession resourceSession() {
    return resources;
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
    return stepDirectory(inputDirectory, context);
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
    return value.isValueNode() ? value.asText() : json.compact(value);
  }

  @Override
  public String toString() {
    return "Request[" + context + "]";
  }
}
