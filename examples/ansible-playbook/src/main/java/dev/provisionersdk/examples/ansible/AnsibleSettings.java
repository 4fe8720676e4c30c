package dev.provisionersdk.examples.ansible;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The provisioner's settings, read from the step's {@code config.json} and checked before Ansible
 * runs: a bad value fails with exit code 2 and names its key.
 *
 * @param playbook the playbook, relative to the step directory ({@code playbook}, default {@code
 *     playbook.yml})
 * @param decommissionPlaybook the playbook decommission runs instead ({@code
 *     decommission_playbook}, default: the same playbook with {@code massdriver_state=absent})
 * @param checkOnPlan plan runs the playbook with {@code --check} ({@code check_on_plan}, default
 *     true); when false, plan only lists the hosts and tasks
 * @param diff pass {@code --diff} ({@code diff}, default true)
 * @param verbosity 0 to 4, the number of {@code -v} ({@code verbosity}, default 0)
 * @param color let Ansible colour its output ({@code color}, default false)
 * @param extraArgs further {@code ansible-playbook} options, checked by {@link ExtraArgs} ({@code
 *     extra_args}, default none)
 * @param inventory an inventory in the bundle, relative to the step directory ({@code inventory})
 * @param hosts the hosts to run on, names or objects of host variables ({@code hosts}); neither
 *     this nor {@code inventory} means localhost with the local connection
 * @param sshPrivateKeySecret the name of the secret holding the SSH private key ({@code
 *     ssh_private_key_secret})
 */
record AnsibleSettings(
    Path playbook,
    Optional<Path> decommissionPlaybook,
    boolean checkOnPlan,
    boolean diff,
    int verbosity,
    boolean color,
    List<String> extraArgs,
    Optional<Path> inventory,
    List<JsonNode> hosts,
    Optional<String> sshPrivateKeySecret) {

  /** The keys of config.json this provisioner reads; the SDK reads {@code execution}. */
  static final Set<String> KEYS =
      Set.of(
          "playbook",
          "decommission_playbook",
          "check_on_plan",
          "diff",
          "verbosity",
          "color",
          "extra_args",
          "inventory",
          "hosts",
          "ssh_private_key_secret",
          "execution");

  static AnsibleSettings from(Request request) {
    JsonNode config = request.config();
    config
        .fieldNames()
        .forEachRemaining(
            key -> {
              if (!KEYS.contains(key)) {
                throw ProvisionerException.invalidInput(
                    "config.json $."
                        + key
                        + " is not a setting of the Ansible provisioner: use one of "
                        + new TreeSet<>(KEYS));
              }
            });
    Path step = request.stepDirectory();
    int verbosity = request.config("verbosity", Integer.class, 0);
    if (verbosity < 0 || verbosity > 4) {
      throw ProvisionerException.invalidInput(
          "config.json $.verbosity is " + verbosity + ": use 0 (default) to 4, the number of -v");
    }
    Optional<String> inventory = text(request, "inventory");
    List<JsonNode> hosts = hosts(config.path("hosts"));
    if (inventory.isPresent() && !hosts.isEmpty()) {
      throw ProvisionerException.invalidInput(
          "config.json sets both $.inventory and $.hosts: give one of them (neither runs the"
              + " playbook on localhost)");
    }
    return new AnsibleSettings(
        bundleFile(step, "playbook", text(request, "playbook").orElse("playbook.yml")),
        text(request, "decommission_playbook")
            .map(path -> bundleFile(step, "decommission_playbook", path)),
        request.config("check_on_plan", Boolean.class, true),
        request.config("diff", Boolean.class, true),
        verbosity,
        request.config("color", Boolean.class, false),
        ExtraArgs.check(strings(config.path("extra_args"), "extra_args")),
        inventory.map(path -> bundleFile(step, "inventory", path)),
        hosts,
        text(request, "ssh_private_key_secret"));
  }

  private static Optional<String> text(Request request, String key) {
    Optional<String> value = request.config(key, String.class);
    if (value.isPresent() && value.get().isBlank()) {
      throw ProvisionerException.invalidInput(
          "config.json $." + key + " is empty: set it or leave it out");
    }
    return value;
  }

  /** A file of the bundle's step directory: relative, inside the step, and present. */
  private static Path bundleFile(Path step, String key, String relative) {
    Path path = Path.of(relative).normalize();
    if (path.isAbsolute() || path.startsWith("..")) {
      throw ProvisionerException.invalidInput(
          "config.json $."
              + key
              + " '"
              + relative
              + "' must be a path inside the step directory,"
              + " relative to it");
    }
    Path file = step.resolve(path);
    if (!Files.exists(file)) {
      throw ProvisionerException.invalidInput(
          "config.json $."
              + key
              + ": "
              + file
              + " does not exist — add it to the bundle's step"
              + " directory or fix the path");
    }
    return file;
  }

  private static List<String> strings(JsonNode node, String key) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw ProvisionerException.invalidInput(
          "config.json $." + key + " must be a list of strings, e.g. [\"--tags\", \"web\"]");
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      if (!node.get(i).isTextual()) {
        throw ProvisionerException.invalidInput(
            "config.json $." + key + "[" + i + "] must be a string");
      }
      values.add(node.get(i).asText());
    }
    return values;
  }

  /** Host names, or objects with a {@code name} and host variables. */
  private static List<JsonNode> hosts(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw ProvisionerException.invalidInput(
          "config.json $.hosts must be a list of host names or of objects with a name and host"
              + " variables, e.g. [{\"name\": \"web-1\", \"ansible_host\": \"10.0.0.5\"}]");
    }
    List<JsonNode> hosts = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode host = node.get(i);
      String name = host.isTextual() ? host.asText() : host.path("name").asText("");
      if (!(host.isTextual() || host.isObject() && host.path("name").isTextual())
          || name.isBlank()) {
        throw ProvisionerException.invalidInput(
            "config.json $.hosts[" + i + "] must be a host name or an object with a \"name\"");
      }
      hosts.add(host);
    }
    return List.copyOf(hosts);
  }
}
