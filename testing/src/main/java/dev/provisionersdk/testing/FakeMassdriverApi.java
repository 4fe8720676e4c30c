package dev.provisionersdk.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Massdriver resources API on a loopback port, for tests that publish and delete resources for
 * real: {@code POST /v1/resources} answers 201 with an {@code id}, {@code DELETE
 * /v1/resources/<id>} answers 204, and every request is recorded.
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

  private record Reply(int status, String body) {}

  private final HttpServer server;
  private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();

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
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a loopback port for the fake API", e);
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
   * Returns the requests received so far, in order.
   *
   * @return an unmodifiable snapshot
   */
  public List<Call> calls() {
    return List.copyOf(new ArrayList<>(calls));
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    calls.add(
        new Call(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(),
            exchange.getRequestHeaders().getFirst("Authorization"),
            body));
    Reply reply = script.poll();
    if (reply == null) {
      reply =
          "POST".equals(exchange.getRequestMethod())
              ? new Reply(201, "{\"id\":\"fake-resource-" + calls.size() + "\"}")
              : new Reply(204, "");
    }
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.stop(0);
  }
}
