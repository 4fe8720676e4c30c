package dev.provisionersdk.examples.ansible;

import dev.provisionersdk.ProvisionerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the {@code extra_args} of the step config against the {@code ansible-playbook} options a
 * provisioner may pass: those that narrow or tune a run. Options the provisioner sets itself
 * (inventory, extra vars, check and diff mode, verbosity), options that prompt, options that would
 * put secrets on the command line, and positional arguments are refused with the key to use
 * instead.
 *
 * <p>Accepted forms: {@code --tags web}, {@code --tags=web}, {@code -t web}.
 *
 * <p>Stateless and thread-safe.
 */
final class ExtraArgs {
  /** Options that take a value. */
  private static final Set<String> WITH_VALUE =
      Set.of(
          "--limit",
          "-l",
          "--tags",
          "-t",
          "--skip-tags",
          "--forks",
          "-f",
          "--start-at-task",
          "--timeout",
          "-T",
          "--user",
          "-u",
          "--become-user",
          "--become-method",
          "--connection",
          "-c",
          "--ssh-common-args",
          "--ssh-extra-args",
          "--scp-extra-args",
          "--sftp-extra-args",
          "--module-path",
          "-M",
          "--vault-id",
          "--vault-password-file");

  /** Options without a value. */
  private static final Set<String> FLAGS =
      Set.of("--become", "-b", "--flush-cache", "--force-handlers");

  /** Refused options, with what to do instead. */
  private static final Map<String, String> REFUSED =
      Map.ofEntries(
          Map.entry("-i", "use the config key inventory or hosts"),
          Map.entry("--inventory", "use the config key inventory or hosts"),
          Map.entry(
              "-e",
              "extra vars on the command line show in process listings; the playbook"
                  + " gets params, connections, envs and secrets as variables already"),
          Map.entry(
              "--extra-vars",
              "extra vars on the command line show in process listings; the"
                  + " playbook gets params, connections, envs and secrets as variables already"),
          Map.entry("-C", "plan runs in check mode (config key check_on_plan)"),
          Map.entry("--check", "plan runs in check mode (config key check_on_plan)"),
          Map.entry("-D", "use the config key diff"),
          Map.entry("--diff", "use the config key diff"),
          Map.entry("-v", "use the config key verbosity"),
          Map.entry("-vv", "use the config key verbosity"),
          Map.entry("-vvv", "use the config key verbosity"),
          Map.entry("-vvvv", "use the config key verbosity"),
          Map.entry("--verbose", "use the config key verbosity"),
          Map.entry("--private-key", "use the config key ssh_private_key_secret"),
          Map.entry("--key-file", "use the config key ssh_private_key_secret"),
          Map.entry("-k", "it prompts, and a provisioner has no terminal"),
          Map.entry("--ask-pass", "it prompts, and a provisioner has no terminal"),
          Map.entry("-K", "it prompts, and a provisioner has no terminal"),
          Map.entry("--ask-become-pass", "it prompts, and a provisioner has no terminal"),
          Map.entry("-J", "it prompts, and a provisioner has no terminal"),
          Map.entry("--ask-vault-password", "it prompts, and a provisioner has no terminal"),
          Map.entry("--ask-vault-pass", "it prompts, and a provisioner has no terminal"),
          Map.entry("--step", "it prompts, and a provisioner has no terminal"));

  private ExtraArgs() {}

  /**
   * Checks the arguments.
   *
   * @param arguments the configured arguments
   * @return the same arguments, as an unmodifiable list
   * @throws ProvisionerException with exit code 2 naming the first argument that is refused
   */
  static List<String> check(List<String> arguments) {
    List<String> checked = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      boolean attached = argument.startsWith("--") && argument.contains("=");
      String option = attached ? argument.substring(0, argument.indexOf('=')) : argument;
      if (REFUSED.containsKey(option)) {
        throw refused(i, argument, "is not allowed: " + REFUSED.get(option));
      } else if (FLAGS.contains(option)) {
        if (attached) {
          throw refused(i, argument, "takes no value: write " + option);
        }
        checked.add(argument);
      } else if (WITH_VALUE.contains(option)) {
        checked.add(argument);
        if (!attached) {
          checked.add(value(arguments, i, option));
          i++;
        }
      } else if (!argument.startsWith("-")) {
        throw refused(
            i, argument, "is not an option: the playbook comes from the config key playbook");
      } else {
        throw refused(
            i, argument, "is not an option this provisioner passes on; allowed: " + allowed());
      }
    }
    return List.copyOf(checked);
  }

  /** The value after an option; one that starts with '-' would be read as an option. */
  private static String value(List<String> arguments, int index, String option) {
    if (index + 1 == arguments.size()) {
      throw refused(index, option, "needs a value after it");
    }
    String value = arguments.get(index + 1);
    if (value.startsWith("-")) {
      throw refused(
          index + 1,
          value,
          "would be read as an option, not as the value of "
              + option
              + (option.startsWith("--") ? ": write " + option + "=" + value : ""));
    }
    return value;
  }

  private static String allowed() {
    Set<String> all = new TreeSet<>(WITH_VALUE);
    all.addAll(FLAGS);
    return String.join(", ", all);
  }

  private static ProvisionerException refused(int index, String argument, String why) {
    return ProvisionerException.invalidInput(
        "config.json $.extra_args[" + index + "] '" + argument + "' " + why);
  }
}
