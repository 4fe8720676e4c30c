package dev.provisionersdk.examples.pulumi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisionersdk.Action;
import dev.provisionersdk.Backoff;
import dev.provisionersdk.CommandFailedException;
import dev.provisionersdk.CommandRunner;
import dev.provisionersdk.Controls;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Request;
import dev.provisionersdk.runtime.Provisioner;
import java.nio.file.Files;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Massdriver provisioner that drives the {@code pulumi} CLI on the Pulumi project (any language)
 * in the step directory.
 *
 * <ul>
 *   <li>plan: {@code pulumi preview --json}, summarised (changes per type, replacements and deletes
 *       by name); provision: {@code pulumi up --yes}, its changes read from the engine's event log,
 *       then the stack's outputs feed the bundle's {@code artifact_<field>.jq} templates;
 *       decommission: {@code pulumi destroy --yes}, then {@code pulumi stack rm}.
 *   <li>Every run first checks the settings (a durable backend, a stack name the backend takes, the
 *       credentials it needs), logs in to {@code backend_url}, selects (or creates) the stack and
 *       writes {@code params} (plain), {@code connections} and {@code secrets} (secret) into the
 *       stack's config, values on stdin.
 *   <li>A locked stack (left by an aborted run; the platform runs one deployment per instance at a
 *       time) is released with {@code pulumi cancel} and the update retried, on Pulumi Cloud and on
 *       self-managed backends alike.
 * </ul>
 */
public final class PulumiProvisioner {
  private static final Logger LOG = LoggerFactory.getLogger(PulumiProvisioner.class);

  private PulumiProvisioner() {}

  /**
   * Runs the provisioner. Inside the container it takes no arguments; with arguments it is a local
   * run ({@code plan --inputs DIR}), the only kind of run that may keep state in a {@code file://}
   * backend.
   *
   * @param args empty in the container; an action and local-runner options locally
   */
  public static void main(String[] args) {
    System.exit(provisioner(args.length > 0).execute(args, System.getenv()));
  }

  /**
   * Builds the provisioner with real processes.
   *
   * @param localRun whether runs come from the local runner's command line (a laptop or a test with
   *     {@code TestRunner}); only then is a {@code file://} backend allowed
   * @return the provisioner
   */
  public static Provisioner provisioner(boolean localRun) {
    return builder(localRun).build();
  }

  /**
   * Builds the provisioner with a given command runner, for tests.
   *
   * @param localRun whether runs come from the local runner's command line
   * @param runner runs the pulumi commands
   * @return the provisioner
   */
  public static Provisioner provisioner(boolean localRun, CommandRunner runner) {
    return builder(localRun).commandRunner(runner).build();
  }

  private static Provisioner.Builder builder(boolean localRun) {
    return Provisioner.builder("pulumi-wrapper")
        .version("0.2.0")
        .controls(
            Controls.builder()
                .onError(
                    (request, failure) -> {
                      // Nothing ran for bad input; plan takes no lock.
                      if (request.action() != Action.PLAN && !isInputError(failure)) {
                        cli(request, localRun).cancel();
                      }
                    })
                .build())
        .plan(request -> prepare(request, localRun).preview())
        .provision(request -> provision(request, localRun))
        .decommission(
            request -> {
              PulumiCli pulumi = prepare(request, localRun);
              pulumi.destroy();
              if (PulumiSettings.from(request, localRun).removeStack()) {
                pulumi.removeStack();
              }
            });
  }

  private static void provision(Request request, boolean localRun) throws Exception {
    PulumiCli pulumi = prepare(request, localRun);
    request.task(
        "up",
        Controls.builder()
            .maxRetries(2)
            .backoff(Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(20)))
            .retryIf(PulumiCli::isLockedStack)
            .onRetry(
                (retrying, failure, nextAttempt) -> {
                  LOG.warn("the stack is locked by an earlier, stopped update: releasing it");
                  pulumi.cancel();
                })
            .build(),
        pulumi::up);
    JsonNode outputs = pulumi.outputs();
    request.resources().outputs(outputs);
  }

  private static boolean isInputError(Throwable failure) {
    return failure instanceof ProvisionerException
        && !(failure instanceof CommandFailedException)
        && ((ProvisionerException) failure).isInvalidInput();
  }

  private static PulumiCli cli(Request request, boolean localRun) {
    return new PulumiCli(request, PulumiSettings.from(request, localRun));
  }

  private static PulumiCli prepare(Request request, boolean localRun) throws Exception {
    PulumiCli pulumi = cli(request, localRun);
    if (!Files.isRegularFile(request.stepDirectory().resolve("Pulumi.yaml"))
        && !Files.isRegularFile(request.stepDirectory().resolve("Pulumi.yml"))) {
      throw ProvisionerException.invalidInput(
          "no Pulumi.yaml in the step directory "
              + request.stepDirectory()
              + " — the step's directory in the bundle must hold a Pulumi project");
    }
    pulumi.checkCredentials(localRun);
    pulumi.login();
    pulumi.selectStack();
    pulumi.writeConfig();
    return pulumi;
  }
}
