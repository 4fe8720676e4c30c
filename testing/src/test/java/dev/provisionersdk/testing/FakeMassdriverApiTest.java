package dev.provisionersdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fake resources API accepts what the documented API accepts and refuses the rest alike. */
class FakeMassdriverApiTest {
  private static final String GOOD_BODY =
      "{\"field\":\"database\",\"name\":\"Artifact database for api-prod-x1y2\","
          + "\"type\":\"massdriver/postgresql\",\"payload\":{\"host\":\"db\"}}";

  private final FakeMassdriverApi api =
      FakeMassdriverApi.start().expectCredentials("deployment-1", "t0ken-1234");

  @AfterEach
  void stop() {
    api.close();
  }

  private static String basic(String pair) {
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a publish | POST | /v1/resources | deployment-1:t0ken-1234 | application/json | GOOD | 201 | id",
        "a delete | DELETE | /v1/resources/api-prod-x1y2-database | deployment-1:t0ken-1234 | | | 204 |",
        "the old artifacts path, redirected | POST | /v1/artifacts | deployment-1:t0ken-1234 | application/json | GOOD | 308 |",
        "an unknown path | POST | /v1/resource | deployment-1:t0ken-1234 | application/json | GOOD | 404 | error",
        "a delete without an id | DELETE | /v1/resources/ | deployment-1:t0ken-1234 | | | 404 | error",
        "a GET | GET | /v1/resources | deployment-1:t0ken-1234 | | | 405 | error",
        "a DELETE of the collection | DELETE | /v1/resources | deployment-1:t0ken-1234 | | | 405 | error",
        "another deployment's token | POST | /v1/resources | deployment-1:other-token | application/json | GOOD | 401 | error",
        "no credentials | POST | /v1/resources | | application/json | GOOD | 401 | error",
        "a text body | POST | /v1/resources | deployment-1:t0ken-1234 | text/plain | GOOD | 415 | error",
        "the old data field | POST | /v1/resources | deployment-1:t0ken-1234 | application/json"
            + " | {\"field\":\"db\",\"name\":\"n\",\"type\":\"t\",\"data\":{}} | 422 | payload",
        "no field | POST | /v1/resources | deployment-1:t0ken-1234 | application/json"
            + " | {\"name\":\"n\",\"type\":\"t\",\"payload\":{}} | 422 | field"
      })
  void answersAsTheDocumentedApi(
      String reason,
      String method,
      String path,
      String credentials,
      String contentType,
      String body,
      int status,
      String bodyMentions)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api.url() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.equals("GOOD") ? GOOD_BODY : body));
    if (credentials != null) {
      request.header("Authorization", basic(credentials));
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }

    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(reason).isEqualTo(status);
    if (bodyMentions != null) {
      assertThat(response.body()).as(reason).contains("\"" + bodyMentions + "\"");
    }
    assertThat(api.calls()).as("every request is recorded").hasSize(1);
  }
}
