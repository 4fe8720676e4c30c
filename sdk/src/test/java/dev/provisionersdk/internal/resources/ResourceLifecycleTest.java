package dev.provisionersdk.internal.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisionersdk.Action;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.Request;
import dev.provisionersdk.internal.CapturedRun;
import dev.provisionersdk.internal.Dispatcher;
import dev.provisionersdk.internal.Execution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resource lifecycle of whole runs against the API on loopback: ids, ownership across the steps
 * of one bundle, the current massdriver.yaml format, checks before the handler, and the delete
 * failure policy.
 */
class ResourceLifecycleTest {
  private static final Path FIXTURE = Path.of("src/test/resources/resources/rds");
  private static final String TOKEN = "md-token-77e0b2c4";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path root;
  private FakeMassdriverApi server;
  private final AtomicBoolean handlerRan = new AtomicBoolean();

  @BeforeEach
  void setUp() throws IOException {
    server = new FakeMassdriverApi();
    Fixtures.copy(FIXTURE, root);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private Map<String, String> env(Action action, String step) {
    Map<String, String> env = new HashMap<>();
    env.put("MASSDRIVER_DEPLOYMENT_ACTION", action.wireName());
    env.put("MASSDRIVER_STEP_PATH", step);
    env.put("MASSDRIVER_DEPLOYMENT_ID", "dep-42");
    env.put("MASSDRIVER_INSTANCE_ID", "ecomm-prod-db");
    env.put("MASSDRIVER_PACKAGE_NAME", "ecomm-prod-db-x1y2");
    env.put("MASSDRIVER_TOKEN", TOKEN);
    env.put("MASSDRIVER_URL", server.url().toString());
    return env;
  }

  private CapturedRun run(Map<String, String> env, Set<String> owned) {
    handlerRan.set(false);
    Dispatcher dispatcher =
        new Dispatcher() {
          @Override
          public boolean handles(Action action) {
            return true;
          }

          @Override
          public void dispatch(Request request) {
            handlerRan.set(true);
            request
                .resources()
                .outputs(Map.of("bucket_arn", "arn:aws:s3:::b1", "bucket_name", "backups"));
          }

          @Override
          public Set<String> ownedResources() {
            return owned;
          }
        };
    return CapturedRun.of(
        new Execution("lifecycle", "1.0.0", dispatcher, root), new String[0], env);
  }

  /** Moves the fixture's templates into two steps: "db" has the database one, "storage" none. */
  private void twoSteps() throws IOException {
    Path db = Files.createDirectories(root.resolve("bundle/db"));
    Path storage = Files.createDirectories(root.resolve("bundle/storage"));
    Files.move(root.resolve("bundle/src/artifact_database.jq"), db.resolve("artifact_database.jq"));
    Files.delete(root.resolve("bundle/src/resource_bucket.jq"));
    Files.writeString(storage.resolve("main.tf"), "# an OpenTofu step: no templates here\n");
  }

  @Test
  void multiStepDecommissionDeletesOnlyWhatEachStepOwnsInReverseOrder() throws IOException {
    twoSteps();

    // Reverse step order: storage (an OpenTofu-like step without templates) first, then db.
    CapturedRun storage = run(env(Action.DECOMMISSION, "storage"), Set.of());
    CapturedRun db = run(env(Action.DECOMMISSION, "db"), Set.of());

    assertThat(storage.exitCode()).as(storage.err()).isEqualTo(ExitCode.OK);
    assertThat(storage.err()).contains("this step owns no resources");
    assertThat(db.exitCode()).as(db.err()).isEqualTo(ExitCode.OK);
    assertThat(server.received())
        .extracting(FakeMassdriverApi.Received::method, FakeMassdriverApi.Received::path)
        .containsExactly(tuple("DELETE", "/v1/resources/ecomm-prod-db-x1y2-database"));
  }

  @Test
  void aFieldDeclaredWithOwnsResourcesIsDeletedByTheStepThatOwnsIt() throws IOException {
    twoSteps();

    CapturedRun storage = run(env(Action.DECOMMISSION, "storage"), Set.of("bucket"));

    assertThat(storage.exitCode()).as(storage.err()).isEqualTo(ExitCode.OK);
    assertThat(server.received())
        .extracting(FakeMassdriverApi.Received::path)
        .containsExactly("/v1/resources/ecomm-prod-db-x1y2-bucket");
    assertThat(MAPPER.readTree(server.received().get(0).body()).path("field").asText())
        .isEqualTo("bucket");
  }

  @Test
  void withoutMetadataTheIdComesFromThePackageName() throws IOException {
    Files.writeString(root.resolve("params.json"), "{\"region\":\"us-west-2\"}");

    CapturedRun outcome = run(env(Action.DECOMMISSION, "src"), Set.of());

    assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCode.OK);
    assertThat(server.received())
        .extracting(FakeMassdriverApi.Received::path)
        .containsExactly(
            "/v1/resources/ecomm-prod-db-x1y2-bucket", "/v1/resources/ecomm-prod-db-x1y2-database");
  }

  @Test
  void aHostileNamePrefixIsRefusedBeforeTheHandlerNamingItsSource() throws IOException {
    Files.writeString(
        root.resolve("params.json"), "{\"md_metadata\":{\"name_prefix\":\"ecomm#prod\"}}");

    CapturedRun outcome = run(env(Action.DECOMMISSION, "src"), Set.of());

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(outcome.err()).contains("md_metadata.name_prefix is not a Massdriver name prefix");
    assertThat(handlerRan).isFalse();
    assertThat(server.received()).isEmpty();
  }

  @Test
  void aHostilePackageNameIsRefusedNamingTheVariable() throws IOException {
    Files.writeString(root.resolve("params.json"), "{}");
    Map<String, String> env = env(Action.DECOMMISSION, "src");
    env.put("MASSDRIVER_PACKAGE_NAME", "../../v1/deployments/x");

    CapturedRun outcome = run(env, Set.of());

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(outcome.err()).contains("MASSDRIVER_PACKAGE_NAME is not a Massdriver name prefix");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void theCurrentYamlFormatWithAnchorsIsReadAndItsVersionedTypeSentAsWritten() throws IOException {
    Files.writeString(
        root.resolve("bundle/massdriver.yaml"),
        String.join(
            "\n",
            "name: aws-rds-postgres",
            "x-required: &required",
            "  required: true",
            "x-db: &db",
            "  <<: *required",
            "  resource_type: postgresql-authentication@1.2.0",
            "params:",
            "  properties:",
            "    resources: {type: object}",
            "dependencies:",
            "  aws: {resource_type: aws-iam-role@0.0.0, <<: *required}",
            "resources:",
            "  database: *db",
            "  bucket:",
            "    <<: *required",
            "    resource_type: aws-s3-bucket@2.0.0",
            "artifacts:",
            "  properties:",
            "    legacy: {$ref: massdriver/ignored}",
            ""));
    Files.writeString(root.resolve("bundle/src/artifact_database.jq"), ".outputs.db");

    Map<String, String> env = env(Action.PROVISION, "src");
    CapturedRun outcome =
        run(env, Set.of()); // outputs lack "db": the database template fails validation

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(server.received()).as("a bad template publishes nothing").isEmpty();

    Files.writeString(
        root.resolve("bundle/src/artifact_database.jq"),
        "{data: {authentication: {hostname: \"db.internal\", port: 5432, username: \"app\","
            + " password: \"pw-not-a-secret\"}}, specs: {}}");
    CapturedRun published = run(env, Set.of());

    assertThat(published.exitCode()).as(published.err()).isEqualTo(ExitCode.OK);
    // The database's type comes through two anchors (*db, then <<: *required inside it).
    assertThat(server.received())
        .extracting(call -> MAPPER.readTree(call.body()).path("type").asText())
        .containsExactlyInAnyOrder("postgresql-authentication@1.2.0", "aws-s3-bucket@2.0.0");
  }

  @Test
  void aTemplateSyntaxErrorFailsBeforeTheHandler() throws IOException {
    Files.writeString(root.resolve("bundle/src/resource_bucket.jq"), "{ arn: .outputs.x ");

    CapturedRun outcome = run(env(Action.PROVISION, "src"), Set.of());

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(outcome.err()).contains("resource_bucket.jq: not a valid jq program");
    assertThat(handlerRan).isFalse();
  }

  @Test
  void aTemplateYieldingTwoValuesWithoutOutputsFailsBeforeTheHandler() throws IOException {
    Files.writeString(
        root.resolve("bundle/src/resource_bucket.jq"), "{arn: \"a\", name: .params.region[]?}");
    Files.writeString(
        root.resolve("params.json"),
        "{\"region\":[\"a\",\"b\"],\"md_metadata\":{\"name_prefix\":\"ecomm-prod-db-x1y2\"}}");

    CapturedRun outcome = run(env(Action.PROVISION, "src"), Set.of());

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(outcome.err()).contains("resource_bucket.jq", "yielded 2");
    assertThat(handlerRan).isFalse();
  }

  @Test
  void aMissingTokenWithAnApiUrlFailsBeforeTheHandler() {
    Map<String, String> env = env(Action.PROVISION, "src");
    env.remove("MASSDRIVER_TOKEN");

    CapturedRun outcome = run(env, Set.of());

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(outcome.err()).contains("MASSDRIVER_TOKEN is not set");
    assertThat(handlerRan).isFalse();
  }

  @Test
  void aFailedDeleteFailsTheRunAfterTryingTheOtherFields() {
    server.reply(400, "{\"error\":\"resource is in use\"}");

    CapturedRun outcome = run(env(Action.DECOMMISSION, "src"), Set.of());

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.HANDLER_FAILED);
    assertThat(outcome.err()).contains("[bucket] could not be deleted", "resource is in use");
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void aFailedDeleteOnlyWarnsWhenTheStepConfigSaysSo() throws IOException {
    Files.writeString(
        root.resolve("config.json"), "{\"resources\":{\"on_delete_failure\":\"warn\"}}");
    server.reply(400, "{\"error\":\"resource is in use\"}");

    CapturedRun outcome = run(env(Action.DECOMMISSION, "src"), Set.of());

    assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCode.OK);
    assertThat(outcome.err()).contains("[bucket] could not be deleted; continuing");
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void aMalformedResourcesConfigIsAnInputError() throws IOException {
    Files.writeString(
        root.resolve("config.json"), "{\"resources\":{\"on_delete_failure\":\"ignore\"}}");

    CapturedRun outcome = run(env(Action.DECOMMISSION, "src"), Set.of());

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(outcome.err())
        .contains("resources.on_delete_failure: expected \"fail\" or \"warn\"");
  }

  @Test
  void planShowsWhatEachTemplateWouldPublish() {
    CapturedRun outcome = run(env(Action.PLAN, "src"), Set.of());

    assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCode.OK);
    assertThat(outcome.err())
        .contains(
            "plan: 2 resource template(s) (bucket, database) compiled",
            "plan: not publishing; would POST " + server.url() + "/v1/resources field=bucket",
            "\"arn\":\"arn:aws:s3:::b1\"");
    assertThat(server.received()).isEmpty();
  }
}
