package dev.provisionersdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run of a provisioner: the deployment's context and the five input files Massdriver writes
 * under {@code /massdriver} ({@code params.json}, {@code connections.json}, {@code config.json},
 * {@code envs.json}, {@code secrets.json}), plus the bundle.
 *
 * <p>Each file is read once, before the handler runs; a file that does not exist reads as {@code
 * {}}. Trees returned here are copies: changing one does not change the request. Binding methods
 * use Jackson and ignore properties the target type does not declare; a value that does not fit the
 * target type fails with {@link ExitCode#INVALID_INPUT} and an error naming the file and the JSON
 * path, never the value. {@code java.time} types bind from text: {@code Duration} as in the step
 * config's {@code execution} keys ({@code 90s}, {@code 5m}, {@code 1h30m}, {@code 250ms}; also
 * ISO-8601 {@code PT1H30M}, or whole seconds as a number), {@code Instant} and {@code
 * OffsetDateTime} as ISO-8601 timestamps ({@code 2026-01-31T12:00:00Z}), {@code LocalDate} as
 * {@code 2026-01-31}.
 *
 * <p>Implementations made by the runtime are thread-safe.
 */
public interface Request {

  /**
   * Returns what the environment says about the deployment: action, step, ids, token.
   *
   * @return the context
   */
  DeploymentContext context();

  /**
   * Returns the action being run; the same as {@code context().action()}.
   *
   * @return the action
   */
  default Action action() {
    return context().action();
  }

  /**
   * Returns {@code params.json}: the instance's parameters, including {@code md_metadata}.
   *
   * @return a copy of the tree, an object node
   */
  JsonNode params();

  /**
   * Binds {@code params.json} to a type of the caller's, such as a record.
   *
   * @param type the target type
   * @param <T> the target type
   * @return the bound value
   * @throws ProvisionerException with {@link ExitCode#INVALID_INPUT} if a value does not fit
   */
  <T> T params(Class<T> type);

  /**
   * Returns the platform's metadata from {@code params.json}'s {@code md_metadata}.
   *
   * @return the metadata, empty when the block is absent
   */
  Metadata metadata();

  /**
   * Returns {@code connections.json}: an object keyed by connection name whose values are the
   * connected resources' payloads. Payloads come in two shapes, a legacy {@code {data, specs}} one
   * and a flat one, so they are kept as raw trees.
   *
   * @return a copy of the tree, an object node
   */
  JsonNode connections();

  /**
   * Returns one connection's payload.
   *
   * @param name the connection's name in {@code massdriver.yaml}
   * @return a copy of the payload, or empty when there is no such connection
   */
  Optional<JsonNode> connection(String name);

  /**
   * Binds {@code connections.json} to a type of the caller's.
   *
   * @param type the target type
   * @param <T> the target type
   * @return the bound value
   * @throws ProvisionerException with {@link ExitCode#INVALID_INPUT} if a value does not fit
   */
  <T> T connections(Class<T> type);

  /**
   * Returns {@code config.json}: the step's {@code config} block from {@code massdriver.yaml},
   * already evaluated by the platform.
   *
   * @return a copy of the tree, an object node
   */
  JsonNode config();

  /**
   * Binds {@code config.json} to a type of the caller's.
   *
   * @param type the target type
   * @param <T> the target type
   * @return the bound value
   * @throws ProvisionerException with {@link ExitCode#INVALID_INPUT} if a value does not fit
   */
  <T> T config(Class<T> type);

  /**
   * Reads one config value by dotted path, e.g. {@code "checkov.enable"}.
   *
   * <p>Absent and JSON {@code null} are both empty; an explicit {@code false}, {@code 0} or {@code
   * ""} is a value. (The jq idiom {@code .enable // true} turns {@code false} into {@code true};
   * official provisioners shipped that bug.)
   *
   * @param path dot-separated object keys
   * @param type the value's type, e.g. {@code String.class}
   * @param <T> the value's type
   * @return the value, or empty when the path is absent or null
   * @throws ProvisionerException with {@link ExitCode#INVALID_INPUT} if the value does not fit
   */
  <T> Optional<T> config(String path, Class<T> type);

  /**
   * Reads one config value by dotted path with a default: {@code config("checkov.enable",
   * Boolean.class, true)}. The default applies only when the path is absent or JSON {@code null},
   * never to an explicit {@code false}, {@code 0} or {@code ""}. For a value without a default use
   * {@link #config(String, Class)}.
   *
   * @param path dot-separated object keys
   * @param type the value's type, e.g. {@code Boolean.class}
   * @param defaultValue returned when the path is absent or null; not null
   * @param <T> the value's type
   * @return the value or the default, never null
   * @throws ProvisionerException with {@link ExitCode#INVALID_INPUT} if the value does not fit
   * @throws NullPointerException when {@code defaultValue} is null
   */
  default <T> T config(String path, Class<T> type, T defaultValue) {
    Objects.requireNonNull(
        defaultValue, "defaultValue: for a value without a default use config(path, type)");
    return config(path, type).orElse(defaultValue);
  }

  /**
   * Returns {@code envs.json}: environment variables the bundle's {@code app.envs} asks for. Values
   * that are not strings are given as their JSON text.
   *
   * @return an unmodifiable map, in the file's order
   */
  Map<String, String> envs();

  /**
   * Returns one entry of {@code secrets.json}. A secret whose value is JSON (an object or an array)
   * is given as its JSON text.
   *
   * @param name the secret's name
   * @return the secret, or empty when there is no such entry or it is null
   */
  Optional<Secret> secret(String name);

  /**
   * Returns the names of the entries of {@code secrets.json}.
   *
   * @return an unmodifiable set, in the file's order
   */
  Set<String> secretNames();

  /**
   * Binds {@code secrets.json} to a type of the caller's. The bound object holds raw values: do not
   * log it. Every value is masked in output all the same.
   *
   * @param type the target type
   * @param <T> the target type
   * @return the bound value
   * @throws ProvisionerException with {@link ExitCode#INVALID_INPUT} if a value does not fit
   */
  <T> T secrets(Class<T> type);

  /**
   * Masks a value in everything the provisioner writes from now on, for a secret the handler
   * obtains at run time (e.g. a token from a cloud API): the value, its trimmed form and lines, and
   * their JSON, URL, XML, shell and base64 encodings, as for {@code secrets.json}. A value shorter
   * than 4 characters is not masked. Registering a value twice is harmless. Thread-safe.
   *
   * @param secret the value to mask
   */
  void registerSecret(Secret secret);

  /**
   * Reads JSON a tool printed with the SDK's own mapper, so a provisioner needs no {@code
   * ObjectMapper} of its own (building one costs start-up time): {@code Zone zone =
   * request.readJson(request.run(command.captureStdout()).stdout(), Zone.class)}. Binding follows
   * the input files' rules: unknown properties are ignored, a fraction does not bind to an integer,
   * and {@code java.time} types bind as in {@link #config(String, Class)}. Thread-safe.
   *
   * @param <T> the target type
   * @param json the JSON text, e.g. {@link CommandResult#stdout()}
   * @param type the target type: a record, a {@code Map}, {@code JsonNode} for a tree
   * @return the value
   * @throws ProvisionerException with {@link ExitCode#HANDLER_FAILED} when the text is not JSON or
   *     does not fit the type; the message names the line and column or the JSON path, never the
   *     content
   */
  <T> T readJson(String json, Class<T> type);

  /**
   * Runs an external tool in the step directory (unless the command says otherwise), streaming its
   * output, masked, to the provisioner's standard output and error. The process belongs to the
   * handler or task that started it: a timeout or termination stops its whole process tree.
   *
   * @param command the command
   * @return the result, when the exit code is accepted
   * @throws CommandFailedException when the tool exits with another code (carrying that code) or
   *     times out ({@link ExitCode#TIMEOUT})
   * @throws ProvisionerException when the provisioner is being terminated
   */
  CommandResult run(Command command);

  /**
   * Runs a named piece of the handler's work under its own controls: timeout, retries, pause, retry
   * hook, cleanup. The step's {@code config.json} can override the controls under {@code
   * execution.tasks.<name>}.
   *
   * @param name the task's name, e.g. {@code scan}; letters, digits, {@code _} and {@code -}
   * @param controls the task's controls
   * @param task the work
   * @throws Exception the task's final failure (see {@link Controls})
   */
  default void task(String name, Controls controls, Task task) throws Exception {
    task(name, Environments.all(), controls, task);
  }

  /**
   * Runs a named task only in some deployment environments ({@code md-environment}): elsewhere it
   * logs why and returns without running. The step's {@code config.json} can replace the filter
   * under {@code execution.tasks.<name>.only} / {@code .except}.
   *
   * @param name the task's name, e.g. {@code scan}; letters, digits, {@code _} and {@code -}
   * @param environments where the task runs
   * @param controls the task's controls
   * @param task the work
   * @throws Exception the task's final failure (see {@link Controls})
   */
  void task(String name, Environments environments, Controls controls, Task task) throws Exception;

  /**
   * Runs a named task with default controls, which the step's config may still override.
   *
   * @param name the task's name
   * @param task the work
   * @throws Exception the task's final failure
   */
  default void task(String name, Task task) throws Exception {
    task(name, Controls.defaults(), task);
  }

  /**
   * Runs a named task that returns a value, under its own controls, only in some deployment
   * environments: {@code String zone = request.task("create-zone", controls, () ->
   * createZone()).orElseThrow();}. The value is the one returned by the attempt that succeeded.
   *
   * @param <T> the value's type
   * @param name the task's name, e.g. {@code scan}; letters, digits, {@code _} and {@code -}
   * @param environments where the task runs
   * @param controls the task's controls
   * @param task the work
   * @return the task's value; empty when the task was skipped in this environment (the step's
   *     {@code config.json} can filter any task) or returned {@code null}
   * @throws Exception the task's final failure (see {@link Controls})
   */
  default <T> Optional<T> task(
      String name, Environments environments, Controls controls, Callable<T> task)
      throws Exception {
    Objects.requireNonNull(task, "task");
    AtomicReference<T> value = new AtomicReference<>();
    task(name, environments, controls, () -> value.set(task.call()));
    return Optional.ofNullable(value.get());
  }

  /**
   * Runs a named task that returns a value, under its own controls; see {@link #task(String,
   * Environments, Controls, Callable)}.
   *
   * @param <T> the value's type
   * @param name the task's name
   * @param controls the task's controls
   * @param task the work
   * @return the task's value; empty when the step's config skipped the task or it returned {@code
   *     null}
   * @throws Exception the task's final failure (see {@link Controls})
   */
  default <T> Optional<T> task(String name, Controls controls, Callable<T> task) throws Exception {
    return task(name, Environments.all(), controls, task);
  }

  /**
   * Runs a named task that returns a value, with default controls, which the step's config may
   * still override.
   *
   * @param <T> the value's type
   * @param name the task's name
   * @param task the work
   * @return the task's value; empty when the step's config skipped the task or it returned {@code
   *     null}
   * @throws Exception the task's final failure
   */
  default <T> Optional<T> task(String name, Callable<T> task) throws Exception {
    return task(name, Controls.defaults(), task);
  }

  /**
   * Returns the client for publishing and deleting the bundle's resources (formerly "artifacts"):
   * {@code request.resources().publish("database", payload)}. See {@link Resources} for templates,
   * validation and what happens during {@code plan} and local runs.
   *
   * @return the resources of this run
   */
  Resources resources();

  /**
   * Returns the directory holding the five input files, {@code /massdriver} in a container.
   *
   * @return the input directory
   */
  Path inputDirectory();

  /**
   * Returns the bundle directory, {@code /massdriver/bundle} in a container.
   *
   * @return the bundle directory
   */
  Path bundleDirectory();

  /**
   * Returns this step's directory, {@code bundle/<step path>}. It is the handler's working
   * directory: resolve relative paths against it, and run tools in it.
   *
   * @return the step directory, which exists
   */
  Path stepDirectory();

  /**
   * Returns the bundle's {@code massdriver.yaml}.
   *
   * @return its path, or empty when the bundle has none
   */
  Optional<Path> massdriverYaml();
}
