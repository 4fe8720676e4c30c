package dev.provisionersdk.examples.ansible;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.provisionersdk.CommandRunner;
import dev.provisionersdk.Controls;
import dev.provisionersdk.Request;
import dev.provisionersdk.runtime.Provisioner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Massdriver provisioner that runs the Ansible playbook in the step directory with {@code
 * ansible-playbook} (ansible-core).
 *
 * <ul>
 *   <li>plan: the playbook in check mode with {@code --diff}, which changes nothing; provision: the
 *       playbook; decommission: the playbook with {@code massdriver_state=absent} (or a separate
 *       {@code decommission_playbook}).
 *   <li>params, connections, envs and secrets reach the playbook as extra vars from a private file,
 *       never on the command line, marked {@code !unsafe} so Ansible never evaluates them.
 *   <li>The recap per host comes from a callback plugin, and the data the playbook exports with
 *       {@code set_stats} becomes the {@code .outputs} of the bundle's {@code artifact_<field>.jq}
 *       templates.
 *   <li>Ansible's exit code is the provisioner's.
 * </ul>
 */
public final class AnsibleProvisioner {
  private static final Logger LOG = LoggerFactory.getLogger(AnsibleProvisioner.class);

  private AnsibleProvisioner() {}

  /**
   * Runs the provisioner.
   *
   * @param args empty in the container; {@code plan --inputs DIR} locally
   */
  public static void main(String[] args) {
    System.exit(provisioner().execute(args, System.getenv()));
  }

  /**
   * Builds the provisioner.
   *
   * @return the provisioner
   */
  public static Provisioner provisioner() {
    return builder().build();
  }

  /**
   * Builds the provisioner with a given command runner, for tests.
   *
   * @param runner runs {@code ansible-playbook}
   * @return the provisioner
   */
  static Provisioner provisioner(CommandRunner runner) {
    return builder().commandRunner(runner).build();
  }

  private static Provisioner.Builder builder() {
    RunDirectories directories = new RunDirectories();
    return Provisioner.builder("ansible-playbook")
        .version("0.1.0")
        // A stopped run (SIGTERM, timeout) may not reach the handler's finally: remove its files.
        .controls(Controls.builder().onError((request, failure) -> directories.closeAll()).build())
        .plan(request -> playbook(request, directories).run())
        .provision(request -> provision(request, directories))
        .decommission(request -> playbook(request, directories).run());
  }

  private static void provision(Request request, RunDirectories directories) throws Exception {
    Optional<RunSummary> summary = playbook(request, directories).run();
    if (summary.isEmpty()) {
      request.resources().outputs(JsonNodeFactory.instance.objectNode());
      return;
    }
    List<String> names = new ArrayList<>();
    summary.get().outputs().fieldNames().forEachRemaining(names::add);
    LOG.info("outputs (set_stats): {}", names);
    request.resources().outputs(summary.get().outputs());
  }

  private static AnsiblePlaybook playbook(Request request, RunDirectories directories) {
    return new AnsiblePlaybook(request, AnsibleSettings.from(request), directories);
  }
}
