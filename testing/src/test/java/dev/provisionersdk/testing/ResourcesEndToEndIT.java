package dev.provisionersdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisionersdk.Action;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.Request;
import dev.provisionersdk.runtime.Provisioner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A provisioner that publishes a resource on provision and deletes it on decommission, run whole
 * through {@link TestRunner} against the Massdriver resources API served on loopback.
 */
class ResourcesEndToEndIT {
  private static final String TOKEN = "md-token-e2e-81f3";
  private static final String DB_PASSWORD = "pg-e2e-Secret-77aa";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final String MASSDRIVER_YAML =
      "schema: draft-07\n"
          + "name: e2e-database\n"
          + "steps:\n"
          + "  - path: src\n"
          + "    provisioner: registry.example.com/e2e:1.0.0\n"
          + "artifacts:\n"
          + "  required: [database]\n"
          + "  properties:\n"
          + "    database:\n"
          + "      $ref: massdriver/postgresql-authentication\n";

  private static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"database\":{\"type\":\"object\","
          + "\"required\":[\"hostname\",\"password\"],\"properties\":{"
          + "\"hostname\":{\"type\":\"string\"},\"password\":{\"type\":\"string\"}}}}}";

  private final FakeMassdriverApi api = FakeMassdriverApi.start();

  @AfterEach
  void stopApi() {
    api.close();
  }

  static Provisioner provisioner() {
    return Provisioner.builder("e2e-database")
        .provision(
            request ->
                request
                    .resources()
                    .publish(
                        "database",
                        Map.of(
                            "hostname",
                            "db." + request.metadata().namePrefix().orElseThrow(),
                            "password",
                            request.secret("db_password").orElseThrow().reveal())))
        .decommission((Request request) -> request.resources().delete("database"))
        .ownsResources("database")
        .build();
  }

  private TestInputs inputs() {
    return TestInputs.create()
        .params("{\"md_metadata\":{\"name_prefix\":\"shop-prod-db-a1b2\"}}")
        .secrets(Map.of("db_password", DB_PASSWORD))
        .bundleFile("massdriver.yaml", MASSDRIVER_YAML)
        .bundleFile("schema-artifacts.json", SCHEMA)
        .env("MASSDRIVER_URL", api.url())
        .env("MASSDRIVER_DEPLOYMENT_ID", "dep-e2e")
        .env("MASSDRIVER_INSTANCE_ID", "shop-prod-db")
        .env("MASSDRIVER_TOKEN", TOKEN);
  }

  @Test
  void provisionPublishesAndDecommissionDeletesTheResource() throws IOException {
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("dep-e2e:" + TOKEN).getBytes(StandardCharsets.UTF_8));

    RunResult provision = TestRunner.of(provisioner()).run(Action.PROVISION, inputs());

    RunResultAssert.assertThat(provision)
        .succeeded()
        .stderrContains("published resource 'database'")
        .leaksNoSecrets();
    assertThat(api.calls()).hasSize(1);
    assertThat(api.calls().get(0).method()).isEqualTo("POST");
    assertThat(api.calls().get(0).path()).isEqualTo("/v1/resources");
    assertThat(api.calls().get(0).authorization()).isEqualTo(basic);
    JsonNode body = MAPPER.readTree(api.calls().get(0).body());
    assertThat(body.path("field").asText()).isEqualTo("database");
    assertThat(body.path("type").asText()).isEqualTo("massdriver/postgresql-authentication");
    assertThat(body.path("name").asText()).isEqualTo("Artifact database for shop-prod-db-a1b2");
    assertThat(body.path("payload"))
        .isEqualTo(
            MAPPER.readTree(
                "{\"hostname\":\"db.shop-prod-db-a1b2\",\"password\":\"" + DB_PASSWORD + "\"}"));

    RunResult decommission = TestRunner.of(provisioner()).run(Action.DECOMMISSION, inputs());

    RunResultAssert.assertThat(decommission)
        .succeeded()
        .stderrContains("deleted resource 'database'")
        .leaksNoSecrets();
    assertThat(api.calls()).hasSize(2);
    assertThat(api.calls().get(1).method()).isEqualTo("DELETE");
    // The id keeps the name prefix's suffix (md_metadata.name_prefix), not the instance id.
    assertThat(api.calls().get(1).path()).isEqualTo("/v1/resources/shop-prod-db-a1b2-database");
    assertThat(MAPPER.readTree(api.calls().get(1).body()).path("field").asText())
        .isEqualTo("database");
    assertThat(api.calls().get(1).authorization()).isEqualTo(basic);
  }

  @Test
  void planPublishesNothingAndLogsThePayloadMasked() {
    Provisioner planning =
        Provisioner.builder("e2e-plan")
            .plan(
                request ->
                    request
                        .resources()
                        .publish("database", Map.of("hostname", "h", "password", DB_PASSWORD)))
            .ownsResources("database")
            .build();

    RunResult plan = TestRunner.of(planning).run(Action.PLAN, inputs());

    RunResultAssert.assertThat(plan)
        .succeeded()
        .stderrContains("plan: not publishing; would POST", "\"password\":\"***\"")
        .leaksNoSecrets();
    assertThat(api.calls()).isEmpty();
  }

  @Test
  void aPublishTheApiRefusesFailsTheRunWithTheApisErrorAndScriptedRepliesAreUsedInOrder() {
    api.reply(422, "{\"errors\":{\"database\":[\"type is not allowed here\"]}}");

    RunResult refused = TestRunner.of(provisioner()).run(Action.PROVISION, inputs());
    RunResult accepted = TestRunner.of(provisioner()).run(Action.PROVISION, inputs());

    RunResultAssert.assertThat(refused)
        .exitedWith(ExitCode.HANDLER_FAILED)
        .stderrContains("type is not allowed here")
        .leaksNoSecrets();
    RunResultAssert.assertThat(accepted).succeeded().leaksNoSecrets();
    assertThat(api.calls())
        .extracting(FakeMassdriverApi.Call::method)
        .containsExactly("POST", "POST");
  }
}
