package dev.provisionersdk.internal.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisionersdk.Action;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.internal.EnvironmentContext;
import dev.provisionersdk.internal.MetadataBlock;
import dev.provisionersdk.internal.redact.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validation, types, templates and the automatic steps, on a fixture bundle shaped like an official
 * one ({@code src/test/resources/resources/rds}), with a recording API.
 */
class ResourceSessionTest {
  private static final Path FIXTURE = Path.of("src/test/resources/resources/rds");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String DB_PASSWORD = "pg-S3cr3t-9f8e7d";

  @TempDir Path root;
  private final List<Publication> published = new ArrayList<>();
  private final List<String> deleted = new ArrayList<>();
  private final List<String> deletedIds = new ArrayList<>();
  private final Redactor redactor = new Redactor();

  private final ResourceApi recording =
      new ResourceApi() {
        @Override
        public void publish(Publication publication) {
          published.add(publication);
        }

        @Override
        public boolean delete(String field, String resourceId) {
          deleted.add(field);
          deletedIds.add(resourceId);
          return !field.equals("gone");
        }

        @Override
        public ResourceApi withEndpoint(String endpoint) {
          return this;
        }
      };

  @BeforeEach
  void copyFixture() throws IOException {
    Fixtures.copy(FIXTURE, root);
  }

  private ResourceSession session(Action action) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("MASSDRIVER_DEPLOYMENT_ACTION", action.wireName());
    env.put("MASSDRIVER_STEP_PATH", "src");
    env.put("MASSDRIVER_INSTANCE_ID", "ecomm-prod-db");
    JsonNode params = MAPPER.readTree(root.resolve("params.json").toFile());
    return new ResourceSession(
        EnvironmentContext.fromEnvironment(env),
        env,
        MetadataBlock.fromParams(params),
        root,
        root.resolve("bundle/src"),
        Map.of(
            "params", params,
            "connections", MAPPER.readTree(root.resolve("connections.json").toFile()),
            "envs", MAPPER.createObjectNode(),
            "secrets", MAPPER.readTree(root.resolve("secrets.json").toFile())),
        MAPPER.readTree(root.resolve("config.json").toFile()),
        redactor,
        () -> MAPPER,
        recording);
  }

  private static JsonNode json(String text) throws IOException {
    return MAPPER.readTree(text);
  }

  private static JsonNode validDatabase() throws IOException {
    return json(
        "{\"data\":{\"authentication\":{\"hostname\":\"db.internal\",\"port\":5432,"
            + "\"username\":\"app\",\"password\":\""
            + DB_PASSWORD
            + "\"}},\"specs\":{}}");
  }

  record Bucket(String arn, String name, String region) {}

  @Test
  void aTypedPayloadIsPublishedWithTheTypeFromMassdriverYamlAndTheDefaultName() throws IOException {
    session(Action.PROVISION)
        .publish("bucket", new Bucket("arn:aws:s3:::logs", "logs", "us-west-2"));

    assertThat(published).hasSize(1);
    Publication publication = published.get(0);
    assertThat(publication.field()).isEqualTo("bucket");
    assertThat(publication.type()).isEqualTo("massdriver/aws-s3-bucket");
    assertThat(publication.name()).isEqualTo("Artifact bucket for ecomm-prod-db-x1y2");
    assertThat(publication.payload())
        .isEqualTo(
            json("{\"arn\":\"arn:aws:s3:::logs\",\"name\":\"logs\",\"region\":\"us-west-2\"}"));
    assertThat(publication.toString()).doesNotContain("arn:aws");
  }

  @Test
  void anExplicitDisplayNameIsSent() throws IOException {
    session(Action.PROVISION).publish("database", "Primary database", validDatabase());

    assertThat(published.get(0).name()).isEqualTo("Primary database");
  }

  @Test
  void valuesUnderSensitiveKeysAreRegisteredForMasking() throws IOException {
    session(Action.PROVISION).publish("database", validDatabase());

    assertThat(redactor.redact("password is " + DB_PASSWORD)).isEqualTo("password is ***");
  }

  static Stream<Arguments> invalidPayloads() {
    return Stream.of(
        Arguments.of(
            "a wrong type names the nested path",
            "database",
            "{\"data\":{\"authentication\":{\"hostname\":\"h\",\"port\":\"5432-secret-port\","
                + "\"username\":\"u\",\"password\":\"pg-S3cr3t-9f8e7d\"}},\"specs\":{}}",
            "$.database.data.authentication.port"),
        Arguments.of(
            "a missing required property names its parent",
            "database",
            "{\"data\":{\"authentication\":{\"hostname\":\"h\",\"port\":5432,\"username\":\"u\"}},"
                + "\"specs\":{}}",
            "password"),
        Arguments.of(
            "a pattern from the root's definitions is applied",
            "bucket",
            "{\"arn\":\"not-an-arn-value\",\"name\":\"logs\",\"region\":\"us-west-2\"}",
            "$.bucket.arn"),
        Arguments.of(
            "a value equal to a key does not garble the path",
            "bucket",
            "{\"arn\":\"bucket\",\"name\":\"logs\",\"region\":\"us-west-2\"}",
            "$.bucket.arn: does not match"),
        Arguments.of(
            "a legacy payload without specs is refused",
            "database",
            "{\"data\":{\"authentication\":{\"hostname\":\"h\",\"port\":1,\"username\":\"u\","
                + "\"password\":\"pg-S3cr3t-9f8e7d\"}}}",
            "specs"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPayloads")
  void anInvalidPayloadFailsWithItsJsonPathAndIsNotSent(
      String name, String field, String payload, String expectedPath) throws IOException {
    ResourceSession session = session(Action.PROVISION);

    ProvisionerException failure =
        catchThrowableOfType(
            ProvisionerException.class, () -> session.publish(field, json(payload)));

    assertThat(failure.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(failure.getMessage())
        .contains("resource '" + field + "' does not match", expectedPath, "nothing was published")
        .doesNotContain(DB_PASSWORD, "5432-secret-port", "not-an-arn-value");
    assertThat(published).isEmpty();
  }

  @Test
  void aRemoteReferenceIsNotFetchedAndFailsAsAnUnusableSchema() throws IOException {
    Path schema = root.resolve("bundle/schema-artifacts.json");
    Files.writeString(
        schema,
        Files.readString(schema)
            .replace("\"#/definitions/arn\"", "\"https://schemas.example.invalid/arn.json\""));
    ResourceSession session = session(Action.PROVISION);

    ProvisionerException failure =
        catchThrowableOfType(
            ProvisionerException.class,
            () ->
                session.publish(
                    "bucket", Map.of("arn", "arn:aws:s3:::b", "name", "logs", "region", "r")));

    assertThat(failure.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(failure.getMessage()).contains("properties.bucket is not a usable JSON Schema");
    assertThat(published).isEmpty();
  }

  @Test
  void anUndeclaredFieldIsAnInputErrorListingTheDeclaredOnes() throws IOException {
    ResourceSession session = session(Action.PROVISION);

    ProvisionerException failure =
        catchThrowableOfType(
            ProvisionerException.class, () -> session.publish("cache", json("{}")));

    assertThat(failure.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(failure.getMessage())
        .contains("'cache' is not declared", "massdriver.yaml", "database, bucket");
  }

  @Test
  void aNonObjectPayloadIsRefused() throws IOException {
    ResourceSession session = session(Action.PROVISION);

    ProvisionerException failure =
        catchThrowableOfType(
            ProvisionerException.class, () -> session.publish("bucket", List.of("a")));

    assertThat(failure.getMessage()).contains("array, expected a JSON object");
  }

  @Test
  void withoutASchemaFileThePayloadIsPublishedUnchecked() throws IOException {
    Files.delete(root.resolve("bundle/schema-artifacts.json"));

    session(Action.PROVISION).publish("bucket", json("{\"anything\":true}"));

    assertThat(published).hasSize(1);
  }

  @Test
  void afterProvisionTheTemplatesAreEvaluatedValidatedAndPublished() throws IOException {
    ResourceSession session = session(Action.PROVISION);
    session.outputs(
        Map.of(
            "db_host", "db.internal",
            "db_port", 5432,
            "db_arn", "arn:aws:rds:us-west-2:1:db:ecomm",
            "bucket_arn", "arn:aws:s3:::ecomm-backups",
            "bucket_name", "ecomm-backups"));

    session.afterSuccess();

    assertThat(published).extracting(Publication::field).containsExactly("bucket", "database");
    assertThat(published.get(0).payload())
        .isEqualTo(
            json(
                "{\"arn\":\"arn:aws:s3:::ecomm-backups\",\"name\":\"ecomm-backups\","
                    + "\"region\":\"us-west-2\"}"));
    assertThat(published.get(1).payload())
        .isEqualTo(
            json(
                "{\"data\":{\"authentication\":{\"hostname\":\"db.internal\",\"port\":5432,"
                    + "\"username\":\"app\",\"password\":\""
                    + DB_PASSWORD
                    + "\"},\"infrastructure\":{\"arn\":\"arn:aws:rds:us-west-2:1:db:ecomm\"}},"
                    + "\"specs\":{\"rdbms\":{\"engine\":\"postgresql\",\"version\":\"16\"}}}"));
    assertThat(published.get(1).type()).isEqualTo("massdriver/postgresql-authentication");
  }

  @Test
  void aTemplateWhoseOutputDoesNotMatchTheSchemaFailsNamingTheTemplate() throws IOException {
    ResourceSession session = session(Action.PROVISION);
    // No outputs: the bucket template yields null arn and name.

    ProvisionerException failure =
        catchThrowableOfType(ProvisionerException.class, session::afterSuccess);

    assertThat(failure.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(failure.getMessage()).contains("'bucket'", "$.bucket.arn", "its template");
    assertThat(published).isEmpty();
  }

  @Test
  void aFieldTheHandlerPublishedIsNotPublishedAgainFromItsTemplate() throws IOException {
    ResourceSession session = session(Action.PROVISION);
    session.publish("database", validDatabase());
    session.outputs(Map.of("bucket_arn", "arn:aws:s3:::b1", "bucket_name", "b1-name"));

    session.afterSuccess();

    assertThat(published).extracting(Publication::field).containsExactly("database", "bucket");
  }

  static Stream<Arguments> brokenTemplates() {
    return Stream.of(
        Arguments.of("a syntax error", "{ arn: .outputs.x ", "artifact_bucket.jq: not a valid jq"),
        Arguments.of(
            "a runtime error",
            "{ arn: (.params.region | tonumber) }",
            "artifact_bucket.jq: jq error"),
        Arguments.of("several values", ".params.region, .params.region", "yielded 2"),
        Arguments.of("no value", "empty", "yielded 0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenTemplates")
  void aBrokenTemplateNamesTheFileAndJqsMessage(String name, String program, String expected)
      throws IOException {
    Files.delete(root.resolve("bundle/src/resource_bucket.jq"));
    Files.writeString(root.resolve("bundle/src/artifact_bucket.jq"), program);
    ResourceSession session = session(Action.PROVISION);

    ProvisionerException failure =
        catchThrowableOfType(ProvisionerException.class, session::afterSuccess);

    assertThat(failure.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(failure.getMessage()).contains(expected);
    assertThat(published).isEmpty();
  }

  @Test
  void twoTemplatesForOneFieldAreRefused() throws IOException {
    Files.writeString(root.resolve("bundle/src/artifact_bucket.jq"), "{}");
    ResourceSession session = session(Action.PROVISION);

    ProvisionerException failure =
        catchThrowableOfType(ProvisionerException.class, session::afterSuccess);

    assertThat(failure.getMessage())
        .contains("artifact_bucket.jq", "resource_bucket.jq", "keep one");
  }

  @Test
  void afterDecommissionTheTemplateFieldsAreDeleted() throws IOException {
    Files.delete(root.resolve("bundle/src/resource_bucket.jq"));

    session(Action.DECOMMISSION).afterSuccess();

    assertThat(deleted).containsExactly("database");
  }

  @Test
  void withoutTemplatesDecommissionDeletesNothingItDoesNotOwn() throws IOException {
    Files.delete(root.resolve("bundle/src/resource_bucket.jq"));
    Files.delete(root.resolve("bundle/src/artifact_database.jq"));
    ResourceSession session = session(Action.DECOMMISSION);
    session.prepare(Set.of());

    session.afterSuccess();

    assertThat(deleted).isEmpty();
  }

  @Test
  void decommissionDeletesTheFieldsTheProvisionerOwnsExceptThoseTheHandlerDeleted()
      throws IOException {
    Files.delete(root.resolve("bundle/src/resource_bucket.jq"));
    Files.delete(root.resolve("bundle/src/artifact_database.jq"));
    ResourceSession session = session(Action.DECOMMISSION);
    session.prepare(Set.of("bucket", "database"));
    session.delete("database");

    session.afterSuccess();

    assertThat(deleted).containsExactly("database", "bucket");
    assertThat(deletedIds)
        .containsExactly("ecomm-prod-db-x1y2-database", "ecomm-prod-db-x1y2-bucket");
  }

  @Test
  void anOwnedFieldThatIsNotDeclaredFailsBeforeTheHandler() throws IOException {
    ProvisionerException failure =
        catchThrowableOfType(
            ProvisionerException.class,
            () -> session(Action.DECOMMISSION).prepare(Set.of("cache")));

    assertThat(failure.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(failure.getMessage()).contains("'cache' is not declared", "database", "bucket");
  }

  @Test
  void skipAutomaticTurnsOffPublishingAndDeleting() throws IOException {
    ResourceSession provision = session(Action.PROVISION);
    provision.skipAutomatic();
    provision.afterSuccess();
    ResourceSession decommission = session(Action.DECOMMISSION);
    decommission.skipAutomatic();
    decommission.afterSuccess();

    assertThat(published).isEmpty();
    assertThat(deleted).isEmpty();
  }

  @Test
  void planEvaluatesEveryTemplateOverTheInputsItHasAndDeletesNothing() throws IOException {
    ResourceSession plan = session(Action.PLAN);
    plan.prepare(Set.of());
    plan.outputs(Map.of("bucket_arn", "arn:aws:s3:::b1", "bucket_name", "b1-name"));

    plan.afterSuccess();

    // The run's API is the preview during plan: these are log lines, never requests.
    assertThat(published).extracting(Publication::field).containsExactly("bucket");
    assertThat(deleted).isEmpty();
  }

  @Test
  void theDefaultNameFallsBackToTheInstanceId() throws IOException {
    Files.writeString(root.resolve("params.json"), "{}");

    assertThat(session(Action.PROVISION).defaultDisplayName("database"))
        .isEqualTo("Artifact database for ecomm-prod-db");
  }

  @Test
  void anInvalidFieldNameIsRefusedBeforeAnyCall() throws IOException {
    ResourceSession session = session(Action.DECOMMISSION);

    ProvisionerException failure =
        catchThrowableOfType(ProvisionerException.class, () -> session.delete("../etc"));

    assertThat(failure.getMessage()).contains("not a resource field name");
    assertThat(deleted).isEmpty();
  }
}
