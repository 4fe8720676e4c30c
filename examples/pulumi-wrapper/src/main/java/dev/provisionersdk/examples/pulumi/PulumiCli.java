package dev.provisionersdk.examples.pulumi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.provisionersdk.Command;
import dev.provisionersdk.CommandFailedException;
import dev.provisionersdk.CommandResult;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Request;
import dev.provisionersdk.Secret;
import dev.provisionersdk.examples.pulumi.PulumiSettings.Backend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code pulumi} commands the wrapper runs, each non-interactive, on one stack, with
 * credentials in the environment and never in the arguments.
 */
final class PulumiCli {
  static final String PASSPHRASE_SECRET = "pulumi_config_passphrase";
  static final String ACCESS_TOKEN_SECRET = "pulumi_access_token";

  /** A self-managed backend's lock (pkg/backend/diy's {@code checkForLock}). */
  static final String SELF_MANAGED_LOCK = "the stack is currently locked by";

  /** Pulumi Cloud's answer while another update holds the stack (the Automation API's test). */
  static final String CLOUD_LOCK = "[409] Conflict: Another update is currently in progress.";

  private static final Logger LOG = LoggerFactory.getLogger(PulumiCli.class);

  private final Request request;
  private final PulumiSettings settings;

  PulumiCli(Request request, PulumiSettings settings) {
    this.request = request;
    this.settings = settings;
  }

  /**
   * Fails with exit code 2, before any command runs, when a credential the backend needs is
   * missing: the passphrase of a self-managed backend's default secrets provider, and, outside a
   * local run, the access token of Pulumi Cloud.
   */
  void checkCredentials(boolean localRun) {
    if (settings.usesPassphrase()
        && request.secret(PASSPHRASE_SECRET).filter(s -> !s.reveal().isEmpty()).isEmpty()
        && !settings.secretEnvironment().containsKey("PULUMI_CONFIG_PASSPHRASE")
        && !settings.secretEnvironment().containsKey("PULUMI_CONFIG_PASSPHRASE_FILE")) {
      throw ProvisionerException.invalidInput(
          "the stack's secrets are encrypted with a passphrase (the secrets provider of a"
              + " self-managed backend such as "
              + settings.backendUrl()
              + " unless secrets_provider says otherwise), and secrets.json has no "
              + PASSPHRASE_SECRET
              + ": add a secret named "
              + PASSPHRASE_SECRET
              + " to the bundle's app.secrets and keep it the same on every deployment (state"
              + " written with one passphrase cannot be read with another), or set the step"
              + " config's secrets_provider to a KMS key (awskms://, azurekeyvault://, gcpkms://,"
              + " hashivault://)");
    }
    if (settings.backend() == Backend.CLOUD
        && !localRun
        && request.secret(ACCESS_TOKEN_SECRET).isEmpty()
        && !settings.secretEnvironment().containsKey("PULUMI_ACCESS_TOKEN")) {
      throw ProvisionerException.invalidInput(
          "backend_url "
              + settings.backendUrl()
              + " is Pulumi Cloud, which needs an access token, and secrets.json has no "
              + ACCESS_TOKEN_SECRET
              + ": add a secret named "
              + ACCESS_TOKEN_SECRET
              + " (a Pulumi Cloud team or organization token) to the bundle's app.secrets");
    }
  }

  /**
   * A pulumi command with the wrapper's environment: the program's envs, credentials, and the
   * secrets manager of the stack's state when the stack config file is missing (it is, on every
   * run: the bundle is fresh), so the passphrase salt or KMS key stays the one the state was
   * written with.
   */
  private Command pulumi(List<String> arguments) {
    List<String> argv = new ArrayList<>();
    argv.add("pulumi");
    argv.addAll(arguments);
    Command command =
        Command.of(argv)
            .env(request.envs())
            .env("PULUMI_SKIP_UPDATE_CHECK", "true")
            .env("PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER", "true");
    Optional<Secret> passphrase = request.secret(PASSPHRASE_SECRET);
    if (passphrase.isPresent()) {
      command = command.env("PULUMI_CONFIG_PASSPHRASE", passphrase.get());
    }
    Optional<Secret> token = request.secret(ACCESS_TOKEN_SECRET);
    if (token.isPresent()) {
      command = command.env("PULUMI_ACCESS_TOKEN", token.get());
    }
    for (Map.Entry<String, String> entry : settings.secretEnvironment().entrySet()) {
      Secret value =
          request
              .secret(entry.getValue())
              .orElseThrow(
                  () ->
                      ProvisionerException.invalidInput(
                          "config.json $.secret_env."
                              + entry.getKey()
                              + " names the secret '"
                              + entry.getValue()
                              + "', which secrets.json does not have — add it to app.secrets"));
      command = command.env(entry.getKey(), value);
    }
    return command;
  }

  /** Arguments for a command on the wrapper's stack, never prompting. */
  private Command onStack(String... arguments) {
    List<String> argv = new ArrayList<>(List.of(arguments));
    argv.addAll(List.of("--stack", settings.stack(), "--non-interactive"));
    return pulumi(argv);
  }

  /** Arguments for an operation: the stack, colour, and the configured refresh. */
  private List<String> operation(String operation, boolean yes) {
    List<String> argv = new ArrayList<>(List.of(operation));
    if (yes) {
      argv.add("--yes");
    }
    argv.addAll(List.of("--stack", settings.stack(), "--non-interactive"));
    argv.addAll(List.of("--color", settings.color() ? "always" : "never"));
    if (settings.refresh()) {
      argv.add("--refresh");
    }
    return argv;
  }

  void login() {
    request.run(pulumi(List.of("login", "--non-interactive", settings.backendUrl())));
  }

  void selectStack() {
    if (settings.secretsProvider().isEmpty()) {
      request.run(onStack("stack", "select", "--create"));
    } else {
      request.run(
          onStack("stack", "select", "--create", "--secrets-provider", settings.secretsProvider()));
    }
  }

  /**
   * Params become plain stack config; connections (which carry credentials) and the secrets are
   * secret config, encrypted by the stack's secrets provider. Values go on stdin, never in argv.
   */
  void writeConfig() throws IOException {
    request.run(onStack("config", "set", "params").stdin(json(request.params())));
    request.run(
        onStack("config", "set", "--secret", "connections").stdin(json(request.connections())));
    ObjectNode secrets = JsonNodeFactory.instance.objectNode();
    for (String name : request.secretNames()) {
      if (!name.equals(PASSPHRASE_SECRET) && !name.equals(ACCESS_TOKEN_SECRET)) {
        secrets.put(name, request.secret(name).orElseThrow().reveal());
      }
    }
    request.run(onStack("config", "set", "--secret", "secrets").stdin(json(secrets)));
  }

  /** Previews the update and logs the change set from {@code preview --json}. */
  void preview() throws IOException {
    List<String> argv = operation("preview", false);
    argv.add("--json");
    JsonNode document = runForJson(pulumi(argv));
    for (JsonNode diagnostic : document.path("diagnostics")) {
      LOG.info(
          "[{}] {}",
          diagnostic.path("severity").asText("info"),
          diagnostic.path("message").asText().stripTrailing());
    }
    ChangeSummary.ofPreview(document)
        .lines("plan for stack " + settings.stack())
        .forEach(line -> LOG.info("{}", line));
  }

  void up() throws IOException {
    List<String> argv = operation("up", true);
    if (settings.skipPreview()) {
      argv.add("--skip-preview");
    }
    withEventLog("update of stack " + settings.stack(), argv);
  }

  void destroy() throws IOException {
    withEventLog("destroy of stack " + settings.stack(), operation("destroy", true));
  }

  /**
   * Runs an operation with {@code --event-log}, as the Automation API does (the flag exists only
   * with {@code PULUMI_DEBUG_COMMANDS=true}), and logs what changed, also after a failure.
   */
  private void withEventLog(String subject, List<String> argv) throws IOException {
    // In the input directory, which the platform guarantees writable (an image may have no /tmp).
    Path log = Files.createTempFile(request.inputDirectory(), ".pulumi-events-", ".jsonl");
    try {
      argv.addAll(List.of("--event-log", log.toString()));
      request.run(pulumi(argv).env("PULUMI_DEBUG_COMMANDS", "true"));
    } finally {
      report(subject, log);
      Files.deleteIfExists(log);
    }
  }

  /** Logs the changes an event log records; a log it cannot read is a warning, not a failure. */
  private void report(String subject, Path log) {
    List<JsonNode> events = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          events.add(request.readJson(line, JsonNode.class));
        }
      }
    } catch (IOException | ProvisionerException e) {
      LOG.warn("cannot read pulumi's event log for the {} ({}): no change summary", subject, e);
      return;
    }
    if (!events.isEmpty()) {
      ChangeSummary.ofEventLog(events).lines(subject).forEach(line -> LOG.info("{}", line));
    }
  }

  /**
   * Removes the stack after a successful destroy. On a self-managed backend its state backups go
   * too unless configured otherwise: the stack they belong to is gone and nothing would ever clean
   * them up.
   */
  void removeStack() {
    if (settings.backend() == Backend.SELF_MANAGED && settings.removeBackups()) {
      request.run(onStack("stack", "rm", "--yes", "--remove-backups"));
    } else {
      request.run(onStack("stack", "rm", "--yes"));
    }
  }

  /** Releases the stack's lock after an update was stopped; harmless when there is none. */
  void cancel() {
    try {
      request.run(onStack("cancel", "--yes"));
    } catch (CommandFailedException e) {
      LOG.warn(
          "pulumi cancel did not succeed ({}); the stack may have had no update running",
          e.exitCode());
    }
  }

  /**
   * Reads the stack's outputs with secrets revealed, after registering every secret among them for
   * masking, at any depth (found by comparing with the unrevealed read, where Pulumi shows {@code
   * [secret]}), and logs them as Pulumi shows them without secrets.
   */
  JsonNode outputs() throws IOException {
    JsonNode masked = runForJson(onStack("stack", "output", "--json"));
    JsonNode revealed = runForJson(onStack("stack", "output", "--json", "--show-secrets"), false);
    for (String secret : SecretOutputs.values(masked, revealed)) {
      request.registerSecret(Secret.of(secret));
      // As it appears in a JSON dump of the outputs.
      request.registerSecret(Secret.of(TextNode.valueOf(secret).toString()));
    }
    LOG.info("stack outputs (secrets as {}): {}", SecretOutputs.MARKER, masked);
    return revealed;
  }

  /**
   * Runs a command whose standard output is JSON and parses it. Output that is not JSON (a Pulumi
   * that prints a warning first, or an old one without {@code --json}) is the tool's failure, said
   * in one line: the command, its exit code and the first line it printed (not for output with
   * revealed secrets, which are not registered for masking yet); the parser's stack trace goes to
   * the debug log.
   */
  private JsonNode runForJson(Command command) {
    return runForJson(command, true);
  }

  private JsonNode runForJson(Command command, boolean showFirstLine) {
    CommandResult result = request.run(command.captureStdout());
    try {
      return request.readJson(result.stdout(), JsonNode.class);
    } catch (ProvisionerException e) {
      LOG.debug("the output of {} is not JSON", command, e);
      throw ProvisionerException.withExitCode(
          ExitCode.HANDLER_FAILED,
          "`"
              + String.join(" ", command.arguments())
              + "` exited with "
              + result.exitCode()
              + " but printed no JSON; "
              + (showFirstLine
                  ? "its first line: " + firstLine(result.stdout())
                  : "its output is not shown, as it holds revealed secrets"));
    }
  }

  private static String firstLine(String output) {
    return output.isBlank() ? "(nothing)" : output.strip().lines().findFirst().orElseThrow();
  }

  static boolean isLockedStack(Throwable failure) {
    if (!(failure instanceof CommandFailedException)) {
      return false;
    }
    String stderr = ((CommandFailedException) failure).stderrTail();
    return stderr.contains(SELF_MANAGED_LOCK) || stderr.contains(CLOUD_LOCK);
  }

  private static String json(JsonNode node) {
    return node.toString();
  }
}
