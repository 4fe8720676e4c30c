package dev.provisionersdk.examples.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisionersdk.ProvisionerException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which ansible-playbook options a bundle may pass in extra_args, and what it is told otherwise.
 */
class ExtraArgsTest {

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("a long option and its value", List.of("--tags", "web,db")),
        Arguments.of("a long option with =", List.of("--limit=web-*")),
        Arguments.of("a value that starts with - after =", List.of("--limit=-db")),
        Arguments.of("a short option and its value", List.of("-f", "10")),
        Arguments.of("flags", List.of("--become", "--flush-cache", "--force-handlers")),
        Arguments.of(
            "several",
            List.of("--skip-tags", "slow", "-u", "admin", "--ssh-common-args", "x", "-T", "30")),
        Arguments.of("none", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void acceptedArgumentsPassUnchanged(String reason, List<String> arguments) {
    assertThat(ExtraArgs.check(arguments)).isEqualTo(arguments);
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(
            "extra vars",
            List.of("-e", "password=x"),
            "[0] '-e' is not allowed: extra vars on the command line"),
        Arguments.of(
            "extra vars with =",
            List.of("--extra-vars=@f.yml"),
            "[0] '--extra-vars=@f.yml' is not allowed"),
        Arguments.of(
            "an inventory", List.of("-i", "hosts"), "use the config key inventory or hosts"),
        Arguments.of("check mode", List.of("--check"), "config key check_on_plan"),
        Arguments.of("verbosity", List.of("-vvv"), "use the config key verbosity"),
        Arguments.of("a prompt", List.of("--ask-become-pass"), "it prompts"),
        Arguments.of("a key file", List.of("--private-key", "id_rsa"), "ssh_private_key_secret"),
        Arguments.of(
            "a playbook",
            List.of("--tags", "web", "site.yml"),
            "[2] 'site.yml' is not an option: the playbook comes from the config key playbook"),
        Arguments.of(
            "an unknown option",
            List.of("--syntax-check"),
            "is not an option this provisioner passes on; allowed: "),
        Arguments.of("a missing value", List.of("--tags"), "[0] '--tags' needs a value after it"),
        Arguments.of(
            "an option as the value",
            List.of("--limit", "-db"),
            "[1] '-db' would be read as an option, not as the value of --limit: write --limit=-db"),
        Arguments.of(
            "a value for a flag", List.of("--become=yes"), "takes no value: write --become"),
        Arguments.of(
            "a short option with =",
            List.of("-t=web"),
            "is not an option this provisioner passes on"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusedArgumentsFailAsBadInputNamingTheArgument(
      String reason, List<String> arguments, String message) {
    assertThatThrownBy(() -> ExtraArgs.check(arguments))
        .isInstanceOf(ProvisionerException.class)
        .hasMessageContaining("config.json $.extra_args" + (message.startsWith("[") ? "" : "["))
        .hasMessageContaining(message)
        .matches(failure -> ((ProvisionerException) failure).isInvalidInput(), "is bad input");
  }
}
