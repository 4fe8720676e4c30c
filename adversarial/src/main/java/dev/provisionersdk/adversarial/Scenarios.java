package dev.provisionersdk.adversarial;

/**
 * What each {@link LeakyProvisioner} scenario must end with and print, for {@code MaskingIT} and
 * for the image test ({@code scripts/e2e/images/masking.sh}, which runs {@link #main} to list
 * them): one list, so that a scenario added to the provisioner is run everywhere.
 */
public final class Scenarios {
  private Scenarios() {}

  /**
   * The exit code a scenario's run ends with.
   *
   * @param scenario one of {@link LeakyProvisioner#SCENARIOS}
   * @return the exit code
   */
  public static int expectedExitCode(String scenario) {
    return switch (scenario) {
      case "exit-in-handler" -> 3;
      case "uncaught" -> 1;
      case "command-failed" -> 7;
      case "sigterm" -> 143;
      default -> 0;
    };
  }

  /**
   * A text the scenario's output (stdout and stderr) must hold, masked where it printed a secret:
   * evidence that the scenario ran to the point where it prints, not only that something printed
   * {@code ***}.
   *
   * @param scenario one of {@link LeakyProvisioner#SCENARIOS}
   * @return the text
   */
  public static String expectedText(String scenario) {
    return switch (scenario) {
      case "exit-in-handler" -> "calling System.exit(3)";
      case "uncaught" -> "thread failed with";
      case "command-failed" -> "exited with 7";
      case "sigterm" -> "received SIGTERM";
      case "shutdown-hook" -> "the hook prints at exit";
      case "dump-secrets-file" -> "\"api_token\": \"***\"";
      default -> "***";
    };
  }

  /**
   * Prints one line per scenario, in order: {@code NAME<TAB>EXIT_CODE<TAB>TEXT}.
   *
   * @param args none
   */
  public static void main(String[] args) {
    for (String scenario : LeakyProvisioner.SCENARIOS) {
      System.out.println(
          scenario + "\t" + expectedExitCode(scenario) + "\t" + expectedText(scenario));
    }
  }
}
