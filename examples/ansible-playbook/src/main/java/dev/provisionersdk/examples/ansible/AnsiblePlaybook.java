package dev.provisionersdk.examples.ansible;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisionersdk.Action;
import dev.provisionersdk.Command;
import dev.provisionersdk.CommandFailedException;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Request;
import dev.provisionersdk.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code ansible-playbook} run for an action: the run's private directory, the extra-vars file,
 * the inventory, the summary callback, the argument list and environment, the task the run belongs
 * to, and the recap printed at the end.
 *
 * <p>Not thread-safe; one per handler call.
 */
final class AnsiblePlaybook {
  /** The task the playbook runs as; {@code execution.tasks.playbook} in config.json controls it. */
  static final String TASK = "playbook";

  /** Where the summary callback writes, in the playbook's environment. */
  static final String SUMMARY_VARIABLE = "MASSDRIVER_ANSIBLE_SUMMARY";

  private static final Logger LOG = LoggerFactory.getLogger(AnsiblePlaybook.class);
  private static final String CALLBACK = "massdriver_summary.py";

  private final Request request;
  private final AnsibleSettings settings;
  private final RunDirectories directories;

  AnsiblePlaybook(Request request, AnsibleSettings settings, RunDirectories directories) {
    this.request = request;
    this.settings = settings;
    this.directories = directories;
  }

  /**
   * Runs the playbook for the request's action and prints the recap, also when it fails.
   *
   * @return the summary, or empty when Ansible stopped before the end of the playbook or only
   *     listed it (plan with {@code check_on_plan: false})
   * @throws Exception Ansible's exit code as a {@link ProvisionerException}, a timeout, or
   *     termination
   */
  Optional<RunSummary> run() throws Exception {
    Action action = request.action();
    boolean check = action == Action.PLAN && settings.checkOnPlan();
    boolean listOnly = action == Action.PLAN && !settings.checkOnPlan();
    Path playbook =
        action == Action.DECOMMISSION
            ? settings.decommissionPlaybook().orElse(settings.playbook())
            : settings.playbook();
    try (RunDirectory directory = directories.create()) {
      List<String> argv = arguments(directory, playbook, check, listOnly);
      Path summaryFile = directory.path().resolve("summary.json");
      Command command =
          Command.of(argv)
              .env(request.envs())
              .env("ANSIBLE_CALLBACK_PLUGINS", callbackDirectory(directory).toString())
              .env(SUMMARY_VARIABLE, summaryFile.toString())
              .env("ANSIBLE_LOCAL_TEMP", directory.directory("local-tmp").toString())
              .env(settings.color() ? "ANSIBLE_FORCE_COLOR" : "ANSIBLE_NOCOLOR", "1");
      LOG.info(
          "{}: {} {}",
          action.wireName(),
          listOnly ? "listing the hosts and tasks of" : check ? "checking" : "running",
          request.stepDirectory().relativize(playbook));
      try {
        request.task(TASK, () -> runAnsible(command, summaryFile));
      } catch (Throwable failure) {
        report(readSummary(summaryFile), check, listOnly);
        throw failure;
      }
      Optional<RunSummary> summary = summaryOfSuccess(playbook, summaryFile, request);
      report(summary, check, listOnly);
      return summary;
    }
  }

  /** The command line: files by path, options from the settings, never a secret. */
  private List<String> arguments(
      RunDirectory directory, Path playbook, boolean check, boolean listOnly) throws IOException {
    List<String> argv = new ArrayList<>(List.of("ansible-playbook"));
    argv.addAll(List.of("-i", Inventory.prepare(settings, directory).toString()));
    argv.addAll(List.of("-e", "@" + directory.writePrivate("extra-vars.yml", variables())));
    if (listOnly) {
      argv.addAll(List.of("--list-hosts", "--list-tasks"));
    } else {
      if (check) {
        argv.add("--check");
      }
      if (settings.diff()) {
        argv.add("--diff");
      }
      if (settings.verbosity() > 0) {
        argv.add("-" + "v".repeat(settings.verbosity()));
      }
    }
    Optional<Path> key = privateKey(directory);
    key.ifPresent(file -> argv.addAll(List.of("--private-key", file.toString())));
    argv.addAll(settings.extraArgs());
    argv.add(playbook.toString());
    return argv;
  }

  private void runAnsible(Command command, Path summaryFile) {
    try {
      request.run(command);
    } catch (CommandFailedException e) {
      if (e.isTimeout()) {
        throw e;
      }
      // Ansible's exit code is the provisioner's; the message says what it means, and where.
      List<String> hosts = readSummary(summaryFile).map(RunSummary::troubled).orElse(List.of());
      throw ProvisionerException.withExitCode(
          e.exitCode(),
          "ansible-playbook exited with "
              + e.exitCode()
              + ": "
              + meaning(e.exitCode())
              + (hosts.isEmpty() ? "" : " — failed or unreachable: " + String.join(", ", hosts))
              + tail(e));
    }
  }

  /**
   * What an exit code of {@code ansible-playbook} means (ansible-core's {@code cli} and task queue
   * manager), as listed in the README.
   *
   * @param exitCode the code
   * @return a short explanation
   */
  static String meaning(int exitCode) {
    return switch (exitCode) {
      case 1 -> "an error before or while running the playbook (see Ansible's ERROR! line)";
      case 2 -> "one or more hosts failed (see the recap)";
      case 3 -> "one or more hosts were unreachable (see the recap)";
      case 4 ->
          "one or more hosts were unreachable (see the recap), or the playbook could not be parsed";
      case 5 -> "bad or incomplete options";
      case 6 -> "an argument that is not UTF-8";
      case 99 -> "the run was interrupted";
      case 127 -> "ansible-playbook could not be started: install ansible-core and put it on PATH";
      case 250 ->
          "an unexpected error inside Ansible (a bug; run with verbosity 3 for the traceback)";
      default -> "see Ansible's output above";
    };
  }

  private static String tail(CommandFailedException e) {
    return e.stderrTail().isBlank()
        ? ""
        : "; last lines of its stderr:\n" + e.stderrTail().stripTrailing();
  }

  /** The extra vars: the deployment's inputs and the action, every string marked unsafe. */
  private String variables() {
    ObjectNode variables = JsonNodeFactory.instance.objectNode();
    Action action = request.action();
    variables.put("massdriver_action", action.wireName());
    variables.put("massdriver_state", action == Action.DECOMMISSION ? "absent" : "present");
    variables.put("massdriver_step", request.context().stepPath());
    variables.put("massdriver_step_directory", request.stepDirectory().toAbsolutePath().toString());
    variables.put(
        "massdriver_input_directory", request.inputDirectory().toAbsolutePath().toString());
    JsonNode params = request.params();
    variables.set("params", params);
    variables.set(
        "md_metadata",
        params.path("md_metadata").isObject()
            ? params.get("md_metadata")
            : JsonNodeFactory.instance.objectNode());
    variables.set("connections", request.connections());
    ObjectNode envs = variables.putObject("envs");
    request.envs().forEach(envs::put);
    variables.set("secrets", request.secrets(JsonNode.class));
    return UnsafeYaml.write(variables) + "\n";
  }

  private Optional<Path> privateKey(RunDirectory directory) throws IOException {
    if (settings.sshPrivateKeySecret().isEmpty()) {
      return Optional.empty();
    }
    String name = settings.sshPrivateKeySecret().get();
    Secret key =
        request
            .secret(name)
            .orElseThrow(
                () ->
                    ProvisionerException.invalidInput(
                        "config.json $.ssh_private_key_secret names the secret '"
                            + name
                            + "', which secrets.json does not have — add it to the bundle's"
                            + " app.secrets"));
    String pem = key.reveal();
    return Optional.of(directory.writePrivate("ssh-key", pem.endsWith("\n") ? pem : pem + "\n"));
  }

  private static Path callbackDirectory(RunDirectory directory) throws IOException {
    Path plugins = directory.directory("callback_plugins");
    try (InputStream callback = AnsiblePlaybook.class.getResourceAsStream(CALLBACK)) {
      if (callback == null) {
        throw new IllegalStateException(CALLBACK + " is missing from the provisioner's jar");
      }
      directory.writePrivate(
          "callback_plugins/" + CALLBACK,
          new String(callback.readAllBytes(), StandardCharsets.UTF_8));
    }
    return plugins;
  }

  /**
   * Reads the summary of a playbook that succeeded. A summary that is not JSON is the run's
   * failure, said in one line: the command, its exit code and the first line of the file; the stack
   * trace goes to the debug log.
   *
   * @param playbook the playbook that ran
   * @param file the summary file
   * @param request reads the JSON
   * @return the summary, or empty when there is none
   * @throws ProvisionerException with exit code 1 when the file is not the callback's JSON
   */
  static Optional<RunSummary> summaryOfSuccess(Path playbook, Path file, Request request) {
    try {
      return RunSummary.read(file, request);
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot read the playbook's summary {}", file, e);
      throw ProvisionerException.withExitCode(
          ExitCode.HANDLER_FAILED,
          "`ansible-playbook "
              + playbook.getFileName()
              + "` exited with 0 but the summary its "
              + CALLBACK
              + " callback wrote is not JSON; its first line: "
              + firstLine(file));
    }
  }

  private static String firstLine(Path file) {
    try {
      // Malformed UTF-8 becomes U+FFFD: the line is shown, masked, whatever the file holds.
      String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      return text.lines().filter(line -> !line.isBlank()).findFirst().orElse("(nothing)");
    } catch (IOException e) {
      return "(unreadable: " + e.getClass().getSimpleName() + ")";
    }
  }

  private Optional<RunSummary> readSummary(Path file) {
    try {
      return RunSummary.read(file, request);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot read the playbook's summary {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  private static void report(Optional<RunSummary> summary, boolean check, boolean listOnly) {
    if (listOnly) {
      System.out.println(
          "Ansible check mode is off for plan (config check_on_plan: false): listed the hosts and"
              + " tasks; nothing ran");
    } else if (summary.isPresent()) {
      summary.get().lines(check).forEach(System.out::println);
      if (summary.get().hosts().isEmpty()) {
        LOG.warn(
            "the playbook ran on no host: no host of the inventory matches its hosts: patterns, so"
                + " nothing was done (Ansible counts that as success)");
      }
    } else {
      System.out.println("Ansible stopped before the end of the playbook: no recap");
    }
  }
}
