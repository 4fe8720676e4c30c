package dev.provisionersdk.examples.pulumi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisionersdk.Backoff;
import dev.provisionersdk.CommandRunner;
import dev.provisionersdk.Controls;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Request;
import dev.provisionersdk.runtime.Provisioner;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Massdriver provisioner that drives the {@code pulumi} CLI on the Pulumi project (any language)
 * in the step directory.
 *
 * <ul>
 *   <li>plan: {@code pulumi preview}; provision: {@code pulumi up --yes}, then the stack's outputs
 *       feed the bundle's {@code artifact_<field>.jq} templates; decommission: {@code pulumi
 *       destroy --yes}, then {@code pulumi stack rm}.
 *   <li>Every run logs in to {@code backend_url}, selects (or creates) the stack and writes {@code
 *       params}, {@code connections} and (as secret config) {@code secrets} into the stack's
 *       config, values on stdin.
 *   <li>A locked stack (left by an aborted run; the platform runs one deployment per instance at a
 *       time) is released with {@code pulumi cancel} and the update retried.
 * </ul>
 */
public final class PulumiProvisioner {
  private static final Logger LOG = LoggerFactory.getLogger(PulumiProvisioner.class);

  private PulumiProvisioner() {}

  /**
   * Runs the provisioner.
   *
   * @param args empty in the container; {@code plan --inputs DIR} locally
   */
  public static void main(String[] args) {
    System.exit(provisioner().execute(args, System.getenv()));
  }

  /**
   * Builds the provisioner with real processes.
   *
   * @return the provisioner
   */
  public static Provisioner provisioner() {
    return builder().build();
  }

  /**
   * Builds the provisioner with a given command runner, for tests.
   *
   * @param runner runs the pulumi commands
   * @return the provisioner
   */
  public static Provisioner provisioner(CommandRunner runner) {
    return builder().commandRunner(runner).build();
  }

  private static Provisioner.Builder builder() {
    return Provisioner.builder("pulumi-wrapper")
        .version("0.1.0")
        .controls(
            Controls.builder()
                .onError(
                    (request, failure) -> {
                      if (request.action() != dev.provisionersdk.Action.PLAN) {
                        cli(request).cancel();
                      }
                    })
                .build())
        .plan(
            request -> {
              PulumiCli pulumi = prepare(request);
              pulumi.preview();
            })
        .provision(PulumiProvisioner::provision)
        .decommission(
            request -> {
              PulumiCli pulumi = prepare(request);
              pulumi.destroy();
              if (PulumiSettings.from(request).removeStack()) {
                pulumi.removeStack();
              }
            });
  }

  private static void provision(Request request) throws Exception {
    PulumiCli pulumi = prepare(request);
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
    List<String> names = new ArrayList<>();
    outputs.properties().forEach(output -> names.add(output.getKey()));
    LOG.info("stack outputs: {}", names);
    request.resources().outputs(outputs);
  }

  private static PulumiCli cli(Request request) {
    return new PulumiCli(request, PulumiSettings.from(request));
  }

  private static PulumiCli prepare(Request request) throws Exception {
    if (!Files.isRegularFile(request.stepDirectory().resolve("Pulumi.yaml"))
        && !Files.isRegularFile(request.stepDirectory().resolve("Pulumi.yml"))) {
      throw ProvisionerException.invalidInput(
          "no Pulumi.yaml in the step directory "
              + request.stepDirectory()
              + " — the step's directory in the bundle must hold a Pulumi project");
    }
    PulumiCli pulumi = cli(request);
    pulumi.login();
    pulumi.selectStack();
    pulumi.writeConfig();
    return pulumi;
  }
}
