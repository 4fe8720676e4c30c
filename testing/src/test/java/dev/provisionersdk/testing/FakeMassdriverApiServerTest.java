package dev.provisionersdk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fake API as a process of its own: what scripts/e2e/ansible-image.sh reads from it. */
class FakeMassdriverApiServerTest {
  private static final String BODY =
      "{\"field\":\"site\",\"name\":\"Artifact site\",\"type\":\"massdriver/static-site\","
          + "\"payload\":{\"root\":\"/massdriver/site\"}}";

  @TempDir Path dir;

  private static int post(String url, String credentials) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/v1/resources"))
            .header("Content-Type", "application/json")
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString(BODY))
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void writesItsPortAndEachRequestWithItsAnswerButNeverTheCredentials() throws Exception {
    Path portFile = dir.resolve("port");
    Path callsFile = dir.resolve("calls.jsonl");
    List<String> args =
        List.of(
            "--port",
            "0",
            "--port-file",
            portFile.toString(),
            "--calls-file",
            callsFile.toString(),
            "--credentials",
            "e2e-deployment",
            "e2e-token-5c1f");
    List<Integer> statuses = new ArrayList<>();

    try (FakeMassdriverApi api = FakeMassdriverApiServer.serve(args)) {
      String url = "http://127.0.0.1:" + Files.readString(portFile);
      assertThat(api.url()).isEqualTo(url);
      statuses.add(post(url, "e2e-deployment:e2e-token-5c1f"));
      statuses.add(post(url, "e2e-deployment:another-token"));
    }

    assertThat(statuses).containsExactly(201, 401);
    String calls = Files.readString(callsFile);
    assertThat(calls).doesNotContain("e2e-token-5c1f").doesNotContain("Basic");
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : calls.split("\n")) {
      lines.add(json.readTree(line));
    }
    assertThat(lines)
        .extracting(line -> line.get("method").asText() + " " + line.get("path").asText())
        .containsExactly("POST /v1/resources", "POST /v1/resources");
    assertThat(lines).extracting(line -> line.get("status").asInt()).containsExactly(201, 401);
    assertThat(lines.get(0).get("body").asText()).isEqualTo(BODY);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no calls file | --port 0 --port-file p | required",
        "a port out of range | --port 70000 --port-file p --calls-file c | 0 to 65535",
        "a port that is no number | --port x --port-file p --calls-file c | 0 to 65535",
        "credentials without a token | --port 0 --port-file p --calls-file c --credentials d"
            + " | needs 2 value(s)",
        "an unknown option | --port 0 --port-file p --calls-file c --verbose yes | unknown option"
      })
  void refusesABadCommandLine(String reason, String args, String message) {
    assertThatThrownBy(() -> FakeMassdriverApiServer.serve(List.of(args.split(" "))))
        .as(reason)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
