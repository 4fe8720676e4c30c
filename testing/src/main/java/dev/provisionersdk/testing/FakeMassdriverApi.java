package dev.provisionersdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ObjIntConsumer;

/**
 * The Massdriver resources API on a loopback port, for tests that publish and delete resources for
 * real: {@code POST /v1/resources} answers 201 with an {@code id}, {@code DELETE
 * /v1/resources/<id>} answers 204, and every request is recorded.
 *
 * <p>It accepts only what the documented API accepts, and answers the rest as the API does: the
 * legacy {@code /v1/artifacts} paths are redirected (308) to {@code /v1/resources}; otherwise with
 * {@code {"error":"…"}} or, for a bad body, {@code {"errors":{"<field>":["…"]}}}: an {@code
 * Authorization} header other than {@code Basic base64(deploymentId:token)} gets 401; any other
 * path gets 404, another method on a known path 405; a {@code POST} whose content type is not JSON
 * gets 415, and one whose body is not a JSON object with the string fields {@code field}, {@code
 * name}, {@code type} and a {@code payload} gets 422. With {@link #expectCredentials} it also
 * checks the deployment id and token.
 *
 * <pre>{@code
 * try (FakeMassdriverApi api = FakeMassdriverApi.start()) {
 *   RunResult result =
 *       TestRunner.of(provisioner)
 *           .run(Action.PROVISION, inputs.env("MASSDRIVER_URL", api.url())
 *                                        .env("MASSDRIVER_TOKEN", "test-token-1234"));
 *   assertThat(api.calls()).extracting(FakeMassdriverApi.Call::method).containsExactly("POST");
 * }
 * }</pre>
 *
 * <p>A local run sends resources only when {@code MASSDRIVER_URL} is set for it, as above. {@link
 * #reply(int, String)} scripts answers, e.g. a 422 or a 503 to test failure handling. Thread-safe.
 */
public final class FakeMassdriverApi implements AutoCloseable {
  /**
   * One request as the API received it.
   *
   * @param method {@code POST} or {@code DELETE}
   * @param path the path as sent, percent-encoding kept, e.g. {@code
   *     /v1/resources/api-prod-x1y2-db}
   * @param authorization the {@code Authorization} header, or null when there was none
   * @param body the request body, empty when there was none
   */
  public record Call(String method, String path, String authorization, String body) {}

  private record Reply(int status, String body, String location) {
    Reply(int status, String body) {
      this(status, body, null);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RESOURCES = "/v1/resources";
  private static final String LEGACY = "/v1/artifacts";

  private final HttpServer server;
  private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile String expectedAuthorization;
  private volatile ObjIntConsumer<Call> answered = (call, status) -> {};

  private FakeMassdriverApi(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts the API on a free loopback port.
   *
   * @return the running API; close it when the test ends
   * @throws UncheckedIOException when no loopback port can be bound
   */
  public static FakeMassdriverApi start() {
    return start(0);
  }

  /** Starts the API on this loopback port, or on a free one for 0 (FakeMassdriverApiServer). */
  static FakeMassdriverApi start(int port) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind loopback port " + port + " for the fake API", e);
    }
    FakeMassdriverApi api = new FakeMassdriverApi(server);
    server.createContext("/", api::handle);
    server.start();
    return api;
  }

  /**
   * Returns the base URL, the value for {@code MASSDRIVER_URL}.
   *
   * @return e.g. {@code http://127.0.0.1:40123}
   */
  public String url() {
    return "http://"
        + server.getAddress().getAddress().getHostAddress()
        + ":"
        + server.getAddress().getPort();
  }

  /**
   * Scripts the answer to the next request that has no scripted answer yet; scripted answers are
   * used in order, then the defaults apply again.
   *
   * @param status the HTTP status, e.g. 422
   * @param body the JSON body, e.g. {@code {"errors":{"database":["is invalid"]}}}
   * @return this API
   */
  public FakeMassdriverApi reply(int status, String body) {
    script.add(new Reply(status, Objects.requireNonNull(body, "body")));
    return this;
  }

  /**
   * Makes the API accept only these credentials, as the real one accepts only the deployment's.
   *
   * @param deploymentId the value of {@code MASSDRIVER_DEPLOYMENT_ID}
   * @param token the value of {@code MASSDRIVER_TOKEN}
   * @return this API
   */
  public FakeMassdriverApi expectCredentials(String deploymentId, String token) {
    String pair = Objects.requireNonNull(deploymentId) + ":" + Objects.requireNonNull(token);
    expectedAuthorization =
        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /**
   * Calls the listener with each request and the status of its answer, before the answer is sent
   * (so the client sees the answer only once the listener is done). For FakeMassdriverApiServer.
   */
  FakeMassdriverApi onAnswer(ObjIntConsumer<Call> listener) {
    answered = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Returns the requests received so far, in order.
   *
   * @return an unmodifiable snapshot
   */
  public List<Call> calls() {
    return List.copyOf(new ArrayList<>(calls));
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Call call =
        new Call(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(),
            exchange.getRequestHeaders().getFirst("Authorization"),
            body);
    calls.add(call);
    Reply reply = refusal(exchange, body);
    if (reply == null) {
      reply = script.poll();
    }
    if (reply == null) {
      reply =
          "POST".equals(exchange.getRequestMethod())
              ? new Reply(201, "{\"id\":\"fake-resource-" + calls.size() + "\"}")
              : new Reply(204, "");
    }
    answered.accept(call, reply.status());
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    if (reply.location() != null) {
      exchange.getResponseHeaders().add("Location", reply.location());
    }
    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The answer of the real API to a request it does not accept, or null when it accepts it. */
  private Reply refusal(HttpExchange exchange, String body) {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    if (path.equals(LEGACY) || path.startsWith(LEGACY + "/")) {
      // "The server now redirects /v1/artifacts to /v1/resources" (terraform-provider-massdriver).
      return new Reply(308, "", RESOURCES + path.substring(LEGACY.length()));
    }
    boolean collection = path.equals(RESOURCES);
    boolean member =
        path.startsWith(RESOURCES + "/")
            && path.length() > RESOURCES.length() + 1
            && path.indexOf('/', RESOURCES.length() + 1) < 0;
    if (!collection && !member) {
      return error(404, "not found: " + method + " " + path);
    }
    if (!credentialsAccepted(exchange.getRequestHeaders().getFirst("Authorization"))) {
      return error(401, "unauthorized");
    }
    if (collection != "POST".equals(method) || member != "DELETE".equals(method)) {
      return error(405, "method not allowed: " + method + " " + path);
    }
    if (member) {
      return null;
    }
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null || !contentType.startsWith("application/json")) {
      return error(415, "content type must be application/json");
    }
    JsonNode resource;
    try {
      resource = JSON.readTree(body);
    } catch (IOException e) {
      return error(400, "body is not JSON");
    }
    Map<String, List<String>> errors = new TreeMap<>();
    if (resource == null || !resource.isObject()) {
      errors.put("body", List.of("must be a JSON object"));
    } else {
      for (String field : List.of("field", "name", "type")) {
        if (!resource.path(field).isTextual() || resource.path(field).asText().isBlank()) {
          errors.put(field, List.of("can't be blank"));
        }
      }
      if (!resource.has("payload") || resource.get("payload").isNull()) {
        errors.put("payload", List.of("can't be blank"));
      }
    }
    if (errors.isEmpty()) {
      return null;
    }
    try {
      return new Reply(422, JSON.writeValueAsString(Map.of("errors", errors)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean credentialsAccepted(String authorization) {
    String expected = expectedAuthorization;
    if (expected != null) {
      return expected.equals(authorization);
    }
    if (authorization == null || !authorization.startsWith("Basic ")) {
      return false;
    }
    try {
      String pair =
          new String(
              Base64.getDecoder().decode(authorization.substring("Basic ".length())),
              StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon > 0 && colon < pair.length() - 1;
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }

  private static Reply error(int status, String message) {
    try {
      return new Reply(status, JSON.writeValueAsString(Map.of("error", message)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.stop(0);
  }
}
