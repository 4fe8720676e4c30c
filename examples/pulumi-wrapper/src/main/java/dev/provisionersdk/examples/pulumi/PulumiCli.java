package dev.provisionersdk.examples.pulumi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisionersdk.Command;
import dev.provisionersdk.CommandFailedException;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Request;
import dev.provisionersdk.Secret;
import java.io.IOException;
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

  private static final Logger LOG = LoggerFactory.getLogger(PulumiCli.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Request request;
  private final PulumiSettings settings;

  PulumiCli(Request request, PulumiSettings settings) {
    this.request = request;
    this.settings = settings;
  }

  /** A pulumi command with the wrapper's environment: the program's envs and credentials. */
  private Command pulumi(List<String> arguments) {
    List<String> argv = new ArrayList<>();
    argv.add("pulumi");
    argv.addAll(arguments);
    Command command = Command.of(argv).env(request.envs());
    if (!request.envs().containsKey("PULUMI_HOME")) {
      command = command.env("PULUMI_HOME", request.inputDirectory().resolve(".pulumi").toString());
    }
    command = command.env("PULUMI_SKIP_UPDATE_CHECK", "true");
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

  /** Arguments for an operation: the stack, colour, and the configured refresh and preview. */
  private Command operation(String operation, boolean yes, boolean skipPreview) {
    List<String> argv = new ArrayList<>(List.of(operation));
    if (yes) {
      argv.add("--yes");
    }
    argv.addAll(List.of("--stack", settings.stack(), "--non-interactive"));
    argv.addAll(List.of("--color", settings.color() ? "always" : "never"));
    if (settings.refresh()) {
      argv.add("--refresh");
    }
    if (skipPreview) {
      argv.add("--skip-preview");
    }
    return pulumi(argv);
  }

  void login() {
    request.run(pulumi(List.of("login", "--non-interactive", settings.backendUrl())));
  }

  void selectStack() {
    request.run(onStack("stack", "select", "--create"));
  }

  /** Params, connections and secrets become stack config, values on stdin, never in argv. */
  void writeConfig() throws IOException {
    request.run(onStack("config", "set", "params").stdin(json(request.params())));
    request.run(onStack("config", "set", "connections").stdin(json(request.connections())));
    ObjectNode secrets = MAPPER.createObjectNode();
    for (String name : request.secretNames()) {
      if (!name.equals(PASSPHRASE_SECRET) && !name.equals(ACCESS_TOKEN_SECRET)) {
        secrets.put(name, request.secret(name).orElseThrow().reveal());
      }
    }
    request.run(onStack("config", "set", "--secret", "secrets").stdin(json(secrets)));
  }

  void preview() {
    request.run(operation("preview", false, false));
  }

  void up() {
    request.run(operation("up", true, settings.skipPreview()));
  }

  void destroy() {
    request.run(operation("destroy", true, false));
  }

  void removeStack() {
    request.run(onStack("stack", "rm", "--yes"));
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
   * Reads the stack's outputs with secrets revealed, after registering every secret output for
   * masking (found by comparing with the unrevealed read, where Pulumi shows {@code [secret]}).
   */
  JsonNode outputs() throws IOException {
    JsonNode masked =
        MAPPER.readTree(request.run(onStack("stack", "output", "--json").captureStdout()).stdout());
    JsonNode revealed =
        MAPPER.readTree(
            request
                .run(onStack("stack", "output", "--json", "--show-secrets").captureStdout())
                .stdout());
    revealed
        .properties()
        .forEach(
            output -> {
              if ("[secret]".equals(masked.path(output.getKey()).asText())) {
                registerLeaves(output.getValue());
              }
            });
    return revealed;
  }

  private void registerLeaves(JsonNode node) {
    if (node.isContainerNode()) {
      node.forEach(this::registerLeaves);
    } else if (node.isValueNode() && !node.isNull()) {
      request.registerSecret(Secret.of(node.asText()));
      if (node.isTextual()) {
        // As it would appear in a JSON dump of the outputs.
        request.registerSecret(Secret.of(MAPPER.valueToTree(node.asText()).toString()));
      }
    }
  }

  static boolean isLockedStack(Throwable failure) {
    return failure instanceof CommandFailedException
        && ((CommandFailedException) failure).stderrTail().contains("currently locked");
  }

  private static String json(JsonNode node) throws IOException {
    return MAPPER.writeValueAsString(node);
  }
}
