package ${package};

import dev.provisionersdk.CommandRunner;
import dev.provisionersdk.runtime.Provisioner;

/**
 * The ${provisionerName} provisioner: wires one handler per action. In the container the platform
 * runs it with no arguments (it reads {@code MASSDRIVER_*} and {@code /massdriver}); locally, run
 * {@code java -jar target/${artifactId}.jar plan --inputs sample}.
 */
public final class Main {
  private Main() {}

  /**
   * Runs the provisioner and exits with its exit code.
   *
   * @param args none in the container; {@code <action> --inputs DIR} locally
   */
  public static void main(String[] args) {
    System.exit(provisioner().execute(args, System.getenv()));
  }

  /**
   * Builds the provisioner; the tests call this.
   *
   * @return the provisioner with its three handlers
   */
  public static Provisioner provisioner() {
    return builder().build();
  }

  /**
   * Builds the provisioner with tools scripted instead of run, for tests: {@code
   * Main.provisioner(ScriptedCommands.create().on("dns-tool").stdout("{}").runner())}.
   *
   * @param commands runs every command the handlers start
   * @return the provisioner with its three handlers
   */
  public static Provisioner provisioner(CommandRunner commands) {
    return builder().commandRunner(commands).build();
  }

  private static Provisioner.Builder builder() {
    return Provisioner.builder("${provisionerName}")
        .version(version())
        .plan(new Plan())
        .provision(new Provision())
        .decommission(new Decommission());
  }

  /** The jar's Implementation-Version (the pom's version); "development" outside the jar. */
  private static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}
