package dev.provisionersdk.internal.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisionersdk.Backoff;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Secret;
import dev.provisionersdk.internal.redact.Redactor;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The HTTP client against a real server on loopback. */
class HttpResourceApiTest {
  private static final String TOKEN = "md-token-5c1e9a77";
  private static final String DB_PASSWORD = "pg-S3cr3t-9f8e7d";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private FakeMassdriverApi server;
  private final Redactor redactor = new Redactor();
  private final List<Duration> sleeps = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new FakeMassdriverApi();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResourceApi api(Duration timeout, int attempts) {
    return api(
        server.url(), Optional.of("dep-123"), Optional.of(Secret.of(TOKEN)), timeout, attempts);
  }

  private HttpResourceApi api(
      URI url,
      Optional<String> deployment,
      Optional<Secret> token,
      Duration timeout,
      int attempts) {
    return new HttpResourceApi(
        url,
        ResourceSettings.RESOURCES,
        deployment,
        token,
        timeout,
        attempts,
        Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(4)),
        sleeps::add,
        redactor,
        MAPPER);
  }

  private HttpResourceApi api() {
    return api(Duration.ofSeconds(10), 3);
  }

  private static Publication database() throws IOException {
    JsonNode payload =
        MAPPER.readTree(
            "{\"data\":{\"authentication\":{\"hostname\":\"db.internal\",\"password\":\""
                + DB_PASSWORD
                + "\"}}}");
    return new Publication(
        "database", "Artifact database for p-1", "massdriver/postgresql-authentication", payload);
  }

  @Test
  void publishPostsFieldNameTypeAndPayloadWithBasicAuth() throws IOException {
    api().publish(database());

    assertThat(server.received()).hasSize(1);
    FakeMassdriverApi.Received request = server.received().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/resources");
    assertThat(request.contentType()).isEqualTo("application/json");
    assertThat(request.authorization())
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(("dep-123:" + TOKEN).getBytes(StandardCharsets.UTF_8)));
    assertThat(MAPPER.readTree(request.body()))
        .isEqualTo(
            MAPPER.readTree(
                "{\"field\":\"database\",\"name\":\"Artifact database for p-1\","
                    + "\"type\":\"massdriver/postgresql-authentication\",\"payload\":"
                    + database().payload()
                    + "}"));
  }

  @Test
  void deleteSendsTheIdInThePathAndTheFieldInTheBody() throws IOException {
    assertThat(api().delete("database", "ecomm-prod-api-abc1-database")).isTrue();

    FakeMassdriverApi.Received request = server.received().get(0);
    assertThat(request.method()).isEqualTo("DELETE");
    assertThat(request.path()).isEqualTo("/v1/resources/ecomm-prod-api-abc1-database");
    assertThat(request.authorization()).startsWith("Basic ");
    assertThat(MAPPER.readTree(request.body()))
        .isEqualTo(MAPPER.readTree("{\"field\":\"database\"}"));
  }

  @Test
  void deleteOfAResourceAlreadyGoneSucceedsWithFalse() {
    server.reply(404, "{\"error\":\"not found\"}");

    assertThat(api().delete("database", "ecomm-prod-api-abc1-database")).isFalse();
    assertThat(server.received()).hasSize(1);
  }

  static Stream<Arguments> hostileIds() {
    return Stream.of(
        Arguments.of("a fragment", "ecomm#prod-db", "/v1/resources/ecomm%23prod-db"),
        Arguments.of(
            "a path", "../../v1/deployments/x", "/v1/resources/..%2F..%2Fv1%2Fdeployments%2Fx"),
        Arguments.of("a space and a query", "ecomm prod?x=1", "/v1/resources/ecomm%20prod%3Fx%3D1"),
        Arguments.of("a percent", "100%-db", "/v1/resources/100%25-db"),
        Arguments.of("non-ASCII", "café-db", "/v1/resources/caf%C3%A9-db"));
  }

  @ParameterizedTest(name = "{0} stays inside one path segment")
  @MethodSource("hostileIds")
  void anIdIsPercentEncodedIntoOnePathSegment(String name, String id, String rawPath) {
    api().delete("db", id);

    assertThat(server.received()).hasSize(1);
    assertThat(server.received().get(0).path()).isEqualTo(rawPath);
  }

  @Test
  void userInfoOfTheUrlIsNeverPrinted() throws IOException {
    URI closed;
    try (FakeMassdriverApi gone = new FakeMassdriverApi()) {
      closed = gone.url();
    }
    URI withCredentials =
        URI.create("http://admin:url-pw-7781@" + closed.getHost() + ":" + closed.getPort());

    ProvisionerException failure =
        catchThrowableOfType(
            ProvisionerException.class,
            () ->
                api(
                        withCredentials,
                        Optional.of("d"),
                        Optional.of(Secret.of(TOKEN)),
                        Duration.ofSeconds(5),
                        2)
                    .publish(database()));

    assertThat(failure.getMessage())
        .contains("cannot reach http://" + closed.getHost() + ":" + closed.getPort())
        .doesNotContain("url-pw-7781", "admin:");
    assertThat(redactor.redact("leaked url-pw-7781")).doesNotContain("url-pw-7781");
  }

  @Test
  void aPublishAnsweredWith404SaysTheInstallationPredatesTheResourcesApi() {
    server.reply(404, "<html>Not Found</html>");

    ProvisionerException failure =
        catchThrowableOfType(ProvisionerException.class, () -> api().publish(database()));

    assertThat(failure.exitCode()).isEqualTo(ExitCode.HANDLER_FAILED);
    assertThat(failure.getMessage())
        .contains(
            "answered HTTP 404 to POST /v1/resources",
            "predates the resources API",
            "\"endpoint\": \"/v1/artifacts\"");
  }

  @Test
  void theLegacyEndpointIsUsedWhenConfigured() {
    ResourceApi legacy = api().withEndpoint(ResourceSettings.ARTIFACTS);

    legacy.delete("database", "ecomm-prod-api-abc1-database");

    assertThat(server.received())
        .extracting(FakeMassdriverApi.Received::path)
        .containsExactly("/v1/artifacts/ecomm-prod-api-abc1-database");
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(
            "401 with an error body names the credentials",
            401,
            "{\"error\":\"invalid deployment token\"}",
            List.of("HTTP 401", "invalid deployment token", "MASSDRIVER_TOKEN")),
        Arguments.of(
            "422 with field errors lists each field",
            422,
            "{\"errors\":{\"payload\":[\"is invalid\",\"is too big\"],\"type\":[\"not found\"]}}",
            List.of("HTTP 422", "payload: is invalid, is too big; type: not found")),
        Arguments.of(
            "422 with a single error",
            422,
            "{\"error\":\"field is not declared by the bundle\"}",
            List.of("HTTP 422", "field is not declared by the bundle")),
        Arguments.of(
            "400 with a plain-text body shows the text",
            400,
            "bad request\n  body",
            List.of("HTTP 400", "bad request body")),
        Arguments.of(
            "404 on publish points at MASSDRIVER_URL",
            404,
            "",
            List.of("HTTP 404", "MASSDRIVER_URL")),
        Arguments.of(
            "403 names the credentials",
            403,
            "{\"error\":\"forbidden\"}",
            List.of("HTTP 403", "forbidden", "MASSDRIVER_DEPLOYMENT_ID")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void aClientErrorFailsAtOnceWithStatusAndServerMessage(
      String name, int status, String body, List<String> expected) {
    server.reply(status, body);

    ProvisionerException failure =
        catchThrowableOfType(ProvisionerException.class, () -> api().publish(database()));

    assertThat(failure.exitCode()).isEqualTo(ExitCode.HANDLER_FAILED);
    assertThat(failure.getMessage()).contains(expected).contains("publishing resource 'database'");
    assertThat(server.received()).as("4xx is never retried").hasSize(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void aFlaky503IsRetriedWithBackoffUntilItSucceeds() throws IOException {
    server.reply(503, "{\"error\":\"unavailable\"}").reply(503, "");

    api().publish(database());

    assertThat(server.received()).hasSize(3);
    assertThat(server.received())
        .extracting(FakeMassdriverApi.Received::body)
        .as("the same request is sent again")
        .containsOnly(server.received().get(0).body());
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void a5xxThatPersistsFailsAfterTheLastAttempt() {
    server
        .reply(500, "{\"error\":\"boom\"}")
        .reply(500, "{\"error\":\"boom\"}")
        .reply(502, "{\"error\":\"bad gateway\"}");

    assertThatThrownBy(() -> api().publish(database()))
        .isInstanceOf(ProvisionerException.class)
        .hasMessageContaining("HTTP 502")
        .hasMessageContaining("bad gateway");
    assertThat(server.received()).hasSize(3);
  }

  @Test
  void aResponseSlowerThanTheTimeoutFailsAfterRetries() {
    server.stall().stall();

    assertThatThrownBy(() -> api(Duration.ofMillis(300), 2).delete("database", "p-database"))
        .isInstanceOf(ProvisionerException.class)
        .hasMessageContaining("no response within 300ms after 2 attempts")
        .hasMessageContaining("MASSDRIVER_URL");
  }

  @Test
  void anUnreachableApiFailsAfterRetriesNamingTheUrl() throws IOException {
    URI closed;
    try (FakeMassdriverApi gone = new FakeMassdriverApi()) {
      closed = gone.url();
    }

    assertThatThrownBy(
            () ->
                api(
                        closed,
                        Optional.of("d"),
                        Optional.of(Secret.of(TOKEN)),
                        Duration.ofSeconds(5),
                        2)
                    .publish(database()))
        .isInstanceOf(ProvisionerException.class)
        .hasMessageContaining("cannot reach " + closed)
        .hasMessageContaining("after 2 attempts");
    assertThat(sleeps).hasSize(1);
  }

  @Test
  void missingCredentialsFailWithInputErrorNamingTheVariablesAndSendNothing() {
    HttpResourceApi api =
        api(server.url(), Optional.empty(), Optional.empty(), Duration.ofSeconds(5), 3);

    ProvisionerException failure =
        catchThrowableOfType(ProvisionerException.class, () -> api.publish(database()));

    assertThat(failure.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(failure.getMessage())
        .contains("MASSDRIVER_DEPLOYMENT_ID and MASSDRIVER_TOKEN are not set");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void anErrorEchoingTheRequestShowsNeitherTokenNorPayloadValues() throws IOException {
    // A careless server that echoes what it got, Authorization header included.
    String echoed =
        MAPPER.writeValueAsString(
            MAPPER
                .createObjectNode()
                .put(
                    "error",
                    "rejected "
                        + database().payload()
                        + " from "
                        + TOKEN
                        + " / "
                        + Base64.getEncoder()
                            .encodeToString(
                                ("dep-123:" + TOKEN).getBytes(StandardCharsets.UTF_8))));
    server.reply(422, echoed);

    ProvisionerException failure =
        catchThrowableOfType(ProvisionerException.class, () -> api().publish(database()));

    assertThat(failure.getMessage())
        .contains("HTTP 422", "rejected")
        .doesNotContain(TOKEN, DB_PASSWORD, "db.internal")
        .doesNotContain(
            Base64.getEncoder()
                .encodeToString(("dep-123:" + TOKEN).getBytes(StandardCharsets.UTF_8)));
  }
}
