package dev.provisionersdk.examples.noop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisionersdk.Command;
import dev.provisionersdk.Controls;
import dev.provisionersdk.Request;
import dev.provisionersdk.runtime.Provisioner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Massdriver docs' noop provisioner in Java: for each action it prints what it would do and
 * what it received, and changes nothing.
 *
 * <p>Step config ({@code config.json}):
 *
 * <ul>
 *   <li>{@code debug_dump_inputs} (boolean, default {@code false}): print {@code secrets.json}
 *       verbatim, the mistake a bash provisioner makes with {@code cat}; the SDK masks every secret
 *       in it.
 *   <li>{@code simulate_failure} (string, default none): fail the action with this message.
 *   <li>{@code simulate_slow_task} (whole seconds, default none): run a task named {@code
 *       slow-task} that runs {@code sleep} for that long (through {@code sh}, so it needs a shell),
 *       to try {@code execution.timeout} and termination; the provisioner's cleanup reports what it
 *       would undo.
 *   <li>{@code simulate_stubborn_child} (boolean, default {@code false}): with {@code
 *       simulate_slow_task}, the tool also leaves a process behind the way daemons do (double
 *       forked, so it leaves the process tree) that ignores SIGTERM, to see that a timeout or
 *       SIGTERM still stops it.
 * </ul>
 */
public final class NoopProvisioner {
  private NoopProvisioner() {}

  /**
   * Runs the provisioner: with no arguments in a container, or {@code plan --inputs sample/}
   * locally.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(provisioner().execute(args, System.getenv()));
  }

  /**
   * Builds the provisioner; tests call this.
   *
   * @return the noop provisioner
   */
  public static Provisioner provisioner() {
    return Provisioner.builder("noop-provisioner")
        .version("0.1.0")
        .plan(request -> describe("Planning", request))
        .provision(request -> describe("Provisioning", request))
        .decommission(request -> describe("Decommissioning", request))
        .controls(
            Controls.builder()
                .onError(
                    (request, failure) ->
                        System.out.println(
                            "cleanup: the noop provisioner has nothing to undo after: "
                                + failure.getMessage()))
                .build())
        .build();
  }

  private static void describe(String verb, Request request) throws Exception {
    Optional<String> failure = request.config("simulate_failure", String.class);
    if (failure.isPresent()) {
      throw new IllegalStateException(failure.get());
    }
    System.out.println(
        verb
            + " "
            + request.metadata().namePrefix().orElse("(no name prefix)")
            + " in step "
            + request.context().stepPath()
            + " — nothing will change, this is the noop provisioner");
    System.out.println("params: " + fieldNames(request.params()));
    System.out.println("connections: " + connectionSummary(request.connections()));
    System.out.println("config: " + fieldNames(request.config()));
    System.out.println("envs: " + request.envs().keySet());
    System.out.println("secrets: " + request.secretNames());
    System.out.println("tags: " + request.metadata().defaultTags());
    Optional<Integer> slow = request.config("simulate_slow_task", Integer.class);
    // A daemon-like grandchild: its subshell exits at once, it ignores SIGTERM and loops.
    String stubbornChild =
        request.config("simulate_stubborn_child", Boolean.class, false)
            ? "(sh -c 'trap \"\" TERM; while :; do sleep 1; done' noop-stubborn-child &); "
            : "";
    if (slow.isPresent()) {
      int slowSeconds = slow.get();
      request.task(
          "slow-task",
          () -> {
            System.out.println("slow-task: sleeping " + slowSeconds + "s");
            // The child announces itself, then becomes `sleep`: a stand-in for a long tool run.
            request.run(
                Command.of(
                    "sh",
                    "-c",
                    stubbornChild + "echo slow-task: tool started; exec sleep \"$1\"",
                    "sh",
                    String.valueOf(slowSeconds)));
          });
    }
    if (request.config("debug_dump_inputs", Boolean.class, false)) {
      System.out.println("secrets.json as a careless script would print it:");
      System.out.println(
          Files.readString(
              request.inputDirectory().resolve("secrets.json"), StandardCharsets.UTF_8));
      printKubernetesSecret(request);
    }
  }

  /**
   * Prints a Kubernetes Secret manifest the way {@code kubectl get secret -o yaml} would: values
   * base64-encoded, the password in the middle of a connection string and the PEM whole. The SDK
   * masks the encoded secrets too.
   */
  private static void printKubernetesSecret(Request request) {
    Base64.Encoder base64 = Base64.getEncoder();
    System.out.println("a Kubernetes Secret as kubectl would print it:");
    System.out.println("data:");
    request
        .secret("database_password")
        .ifPresent(
            password -> {
              String url =
                  "postgres://app:"
                      + password.reveal()
                      + "@"
                      + request.envs().getOrDefault("DATABASE_HOST", "localhost")
                      + ":5432/app";
              System.out.println(
                  "  DATABASE_URL: " + base64.encodeToString(url.getBytes(StandardCharsets.UTF_8)));
            });
    request
        .secret("tls_private_key")
        .ifPresent(
            key ->
                System.out.println(
                    "  tls.key: "
                        + base64.encodeToString(key.reveal().getBytes(StandardCharsets.UTF_8))));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.properties().forEach(entry -> names.add(entry.getKey()));
    return names;
  }

  /** Names each connection with its payload's shape: legacy {data, specs} or flat. */
  private static List<String> connectionSummary(JsonNode connections) {
    List<String> summary = new ArrayList<>();
    for (Map.Entry<String, JsonNode> connection : connections.properties()) {
      boolean legacy = connection.getValue().has("data") || connection.getValue().has("specs");
      summary.add(connection.getKey() + (legacy ? " (legacy data/specs)" : " (flat)"));
    }
    return summary;
  }
}
