package dev.provisionersdk.internal.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisionersdk.Action;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.Request;
import dev.provisionersdk.internal.CapturedRun;
import dev.provisionersdk.internal.Dispatcher;
import dev.provisionersdk.internal.EnvironmentContext;
import dev.provisionersdk.internal.Execution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Resources through a whole run ({@link Execution}), against the API on loopback. */
class ResourcesExecutionTest {
  private static final Path FIXTURE = Path.of("src/test/resources/resources/rds");
  private static final String TOKEN = "md-token-5c1e9a77";
  private static final String DB_PASSWORD = "pg-S3cr3t-9f8e7d";
  private static final String GENERATED_PASSWORD = "gen-Pw-0c4d2e1f";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path root;
  private FakeMassdriverApi server;
  private HandlerBody body = request -> {};
  private java.util.Set<String> ownsResources = java.util.Set.of();

  interface HandlerBody {
    void run(Request request) throws Exception;
  }

  @BeforeEach
  void setUp() throws IOException {
    server = new FakeMassdriverApi();
    Fixtures.copy(FIXTURE, root);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private Map<String, String> containerEnv(Action action) {
    Map<String, String> env = new HashMap<>();
    env.put("MASSDRIVER_DEPLOYMENT_ACTION", action.wireName());
    env.put("MASSDRIVER_STEP_PATH", "src");
    env.put("MASSDRIVER_DEPLOYMENT_ID", "dep-42");
    env.put("MASSDRIVER_INSTANCE_ID", "ecomm-prod-db");
    env.put("MASSDRIVER_TOKEN", TOKEN);
    env.put("MASSDRIVER_URL", server.url().toString());
    return env;
  }

  private CapturedRun run(String[] args, Map<String, String> env) {
    Dispatcher dispatcher =
        new Dispatcher() {
          @Override
          public boolean handles(Action action) {
            return true;
          }

          @Override
          public void dispatch(Request request) throws Exception {
            body.run(request);
          }

          @Override
          public java.util.Set<String> ownedResources() {
            return ownsResources;
          }
        };
    return CapturedRun.of(new Execution("rds-provisioner", "1.0.0", dispatcher, root), args, env);
  }

  private static Map<String, Object> database(String password) {
    return Map.of(
        "data",
        Map.of(
            "authentication",
            Map.of(
                "hostname", "db.internal", "port", 5432, "username", "app", "password", password)),
        "specs",
        Map.of());
  }

  private static final Map<String, Object> OUTPUTS =
      Map.of("bucket_arn", "arn:aws:s3:::ecomm-backups", "bucket_name", "ecomm-backups");

  @Test
  void provisionPublishesTheHandlersPayloadThenTheRemainingTemplates() throws IOException {
    body =
        request -> {
          request.resources().publish("database", database(GENERATED_PASSWORD));
          request.resources().outputs(OUTPUTS);
          System.out.println("connect with " + GENERATED_PASSWORD);
        };

    CapturedRun outcome = run(new String[0], containerEnv(Action.PROVISION));

    assertThat(outcome.exitCode()).as(outcome.all()).isEqualTo(ExitCode.OK);
    assertThat(server.received())
        .extracting(FakeMassdriverApi.Received::method, FakeMassdriverApi.Received::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("POST", "/v1/resources"),
            org.assertj.core.groups.Tuple.tuple("POST", "/v1/resources"));
    assertThat(MAPPER.readTree(server.received().get(0).body()).path("field").asText())
        .isEqualTo("database");
    assertThat(
            MAPPER
                .readTree(server.received().get(0).body())
                .at("/payload/data/authentication/password")
                .asText())
        .isEqualTo(GENERATED_PASSWORD);
    assertThat(MAPPER.readTree(server.received().get(1).body()).path("name").asText())
        .isEqualTo("Artifact bucket for ecomm-prod-db-x1y2");
    assertThat(outcome.all())
        .contains(
            "published resource 'database'", "published resource 'bucket'", "connect with ***")
        .doesNotContain(TOKEN, DB_PASSWORD, GENERATED_PASSWORD);
  }

  @Test
  void planLogsWhatWouldBePublishedMaskedAndSendsNothing() {
    body = request -> request.resources().publish("database", database(GENERATED_PASSWORD));

    CapturedRun outcome = run(new String[0], containerEnv(Action.PLAN));

    assertThat(outcome.exitCode()).as(outcome.all()).isEqualTo(ExitCode.OK);
    assertThat(server.received()).isEmpty();
    assertThat(outcome.err())
        .contains(
            "plan: not publishing; would POST " + server.url() + "/v1/resources field=database",
            "type=massdriver/postgresql-authentication",
            "\"password\":\"***\"",
            "\"hostname\":\"db.internal\"",
            "plan: 2 resource template(s) (bucket, database)");
    assertThat(outcome.all()).doesNotContain(GENERATED_PASSWORD, TOKEN);
  }

  @Test
  void aLocalRunWithoutMassdriverUrlOnlyLogs() {
    body =
        request -> {
          request.resources().outputs(OUTPUTS);
          request.resources().publish("database", database(GENERATED_PASSWORD));
        };

    CapturedRun outcome =
        run(new String[] {"provision", "--inputs", root.toString()}, Map.of("PATH", "/usr/bin"));

    assertThat(outcome.exitCode()).as(outcome.all()).isEqualTo(ExitCode.OK);
    assertThat(server.received()).isEmpty();
    assertThat(outcome.err())
        .contains(
            "local run without MASSDRIVER_URL: not publishing; would POST"
                + " https://api.massdriver.cloud/v1/resources field=database",
            "field=bucket");
  }

  @Test
  void aLocalRunWithAnExplicitUrlPublishes() {
    body =
        request -> {
          request.resources().publish("database", database(GENERATED_PASSWORD));
          request.resources().skipAutomatic();
        };

    CapturedRun outcome =
        run(
            new String[] {
              "provision",
              "--inputs",
              root.toString(),
              "--env",
              "MASSDRIVER_URL=" + server.url(),
              "--env",
              "MASSDRIVER_TOKEN=" + TOKEN
            },
            Map.of());

    assertThat(outcome.exitCode()).as(outcome.all()).isEqualTo(ExitCode.OK);
    assertThat(server.received())
        .extracting(FakeMassdriverApi.Received::path)
        .contains("/v1/resources");
    assertThat(server.received().get(0).authorization()).isNotNull();
  }

  @Test
  void anInvalidPayloadExitsWithInputErrorBeforeAnyCall() {
    body =
        request -> request.resources().publish("bucket", Map.of("arn", "s3://nope", "name", "b"));

    CapturedRun outcome = run(new String[0], containerEnv(Action.PROVISION));

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(outcome.err())
        .contains("$.bucket.arn", "$.bucket", "region")
        .doesNotContain("s3://nope");
    assertThat(server.received()).isEmpty();
  }

  /**
   * A named pipe blocks {@code open} until a writer comes: in place of a bundle file the run must
   * fail at once, naming the file, not hang.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"massdriver.yaml", "schema-artifacts.json", "src/resource_bucket.jq"})
  @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aNamedPipeInPlaceOfABundleFileFailsInsteadOfHanging(String file) throws Exception {
    Path pipe = root.resolve("bundle").resolve(file);
    Files.deleteIfExists(pipe);
    Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start();
    assumeThat(mkfifo.waitFor()).as("mkfifo works here").isZero();
    body = request -> request.resources().publish("database", database("s3cr3t-Pa55word"));

    CapturedRun outcome = run(new String[0], containerEnv(Action.PROVISION));

    assertThat(outcome.exitCode()).as(outcome.all()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(outcome.err())
        .contains(
            pipe.getFileName() + ": not a regular file (a pipe, socket or device) — a bundle's");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void aTemplateErrorAfterProvisionExitsWithInputErrorNamingTheFile() throws IOException {
    Files.writeString(root.resolve("bundle/src/resource_bucket.jq"), "{ name: .outputs | keys[0] ");

    CapturedRun outcome = run(new String[0], containerEnv(Action.PROVISION));

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(outcome.err()).contains("resource_bucket.jq: not a valid jq program");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void aRefusalExitsWithHandlerFailedShowingTheServersErrors() {
    server.reply(422, "{\"errors\":{\"payload\":[\"hostname is unreachable\"]}}");
    body = request -> request.resources().publish("database", database(GENERATED_PASSWORD));

    CapturedRun outcome = run(new String[0], containerEnv(Action.PROVISION));

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.HANDLER_FAILED);
    assertThat(outcome.err())
        .contains("HTTP 422: payload: hostname is unreachable")
        .doesNotContain(TOKEN, GENERATED_PASSWORD);
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void decommissionDeletesTheTemplateFieldsAfterTheHandlerAndToleratesAGoneOne() {
    server.reply(404, "{\"error\":\"not found\"}");

    CapturedRun outcome = run(new String[0], containerEnv(Action.DECOMMISSION));

    assertThat(outcome.exitCode()).as(outcome.all()).isEqualTo(ExitCode.OK);
    assertThat(server.received())
        .extracting(FakeMassdriverApi.Received::method, FakeMassdriverApi.Received::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "DELETE", "/v1/resources/ecomm-prod-db-x1y2-bucket"),
            org.assertj.core.groups.Tuple.tuple(
                "DELETE", "/v1/resources/ecomm-prod-db-x1y2-database"));
    assertThat(outcome.err())
        .contains(
            "resource 'bucket' was already gone: DELETE of id ecomm-prod-db-x1y2-bucket (name"
                + " prefix from md_metadata.name_prefix) answered HTTP 404");
  }

  @Test
  void aFailedHandlerPublishesAndDeletesNothing() {
    body =
        request -> {
          request.resources().outputs(OUTPUTS);
          throw new IllegalStateException("apply failed");
        };

    CapturedRun outcome = run(new String[0], containerEnv(Action.PROVISION));

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.HANDLER_FAILED);
    assertThat(server.received()).isEmpty();
  }

  @Test
  void missingCredentialsInAContainerRunExitWithInputErrorNamingTheVariables() {
    Map<String, String> env = containerEnv(Action.DECOMMISSION);
    env.remove("MASSDRIVER_TOKEN");
    env.remove("MASSDRIVER_DEPLOYMENT_ID");

    CapturedRun outcome = run(new String[0], env);

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(outcome.err()).contains("MASSDRIVER_DEPLOYMENT_ID and MASSDRIVER_TOKEN are not set");
    assertThat(server.received()).isEmpty();
  }

  /** A step without templates, whose handler publishes directly: only ownsResources applies. */
  private void withoutTemplates() throws IOException {
    Files.delete(root.resolve("bundle/src/artifact_database.jq"));
    Files.delete(root.resolve("bundle/src/resource_bucket.jq"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"provision", "decommission"})
  void aMissingTokenFailsBeforeTheHandlerWhenTheStepOwnsFieldsWithoutTemplates(String action)
      throws IOException {
    withoutTemplates();
    ownsResources = java.util.Set.of("database");
    Path marker = root.resolve("handler-ran");
    body = request -> Files.writeString(marker, "the zone was created");
    Map<String, String> env = containerEnv(EnvironmentContext.action(action).orElseThrow());
    env.remove("MASSDRIVER_TOKEN");

    CapturedRun outcome = run(new String[0], env);

    assertThat(outcome.exitCode()).as(outcome.all()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(outcome.err()).contains("MASSDRIVER_TOKEN is not set").contains("database");
    assertThat(marker).doesNotExist();
    assertThat(server.received()).isEmpty();
  }

  @Test
  void publishingAFieldTheStepDoesNotOwnIsRefusedAtOnceNamingOwnsResources() throws IOException {
    withoutTemplates();
    Path marker = root.resolve("after-publish");
    body =
        request -> {
          request.resources().publish("database", database(GENERATED_PASSWORD));
          Files.writeString(marker, "reached");
        };

    CapturedRun outcome = run(new String[0], containerEnv(Action.PROVISION));

    assertThat(outcome.exitCode()).as(outcome.all()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(outcome.err())
        .contains("cannot publish 'database': this step does not own it")
        .contains("ownsResources(\"database\")");
    assertThat(marker).doesNotExist();
    assertThat(server.received()).isEmpty();
  }

  @Test
  void deletingAFieldTheStepDoesNotOwnIsRefusedAtOnce() throws IOException {
    withoutTemplates();
    ownsResources = java.util.Set.of("bucket");
    body = request -> request.resources().delete("database");

    CapturedRun outcome = run(new String[0], containerEnv(Action.DECOMMISSION));

    assertThat(outcome.exitCode()).as(outcome.all()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(outcome.err()).contains("cannot delete 'database'").contains("it owns bucket");
    assertThat(server.received()).isEmpty();
  }
}
