package dev.provisionersdk.internal.resources;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The Massdriver resources API on loopback: {@code POST /v1/resources} answers 201 and {@code
 * DELETE /v1/resources/<id>} answers 204, unless replies were scripted with {@link #reply}. Records
 * every request. A stalled reply holds the request until {@link #close()}, without sleeping.
 */
final class FakeMassdriverApi implements AutoCloseable {
  /** One request as the server saw it; the path as sent, percent-encoding kept. */
  record Received(
      String method, String path, String authorization, String contentType, String body) {}

  private record Reply(int status, String body, boolean stall) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  FakeMassdriverApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL, like {@code MASSDRIVER_URL}. */
  URI url() {
    return URI.create(
        "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
  }

  /** Scripts the next reply; replies are used in order, then the defaults apply. */
  FakeMassdriverApi reply(int status, String body) {
    script.add(new Reply(status, body, false));
    return this;
  }

  /** Scripts a reply that never comes (until close), to exceed the client's timeout. */
  FakeMassdriverApi stall() {
    script.add(new Reply(0, "", true));
    return this;
  }

  List<Received> received() {
    return new ArrayList<>(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(
        new Received(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(),
            exchange.getRequestHeaders().getFirst("Authorization"),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            body));
    Reply reply = script.poll();
    if (reply == null) {
      reply =
          "DELETE".equals(exchange.getRequestMethod())
              ? new Reply(204, "", false)
              : new Reply(201, "{\"id\":\"res-1\"}", false);
    }
    if (reply.stall()) {
      try {
        closing.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return;
    }
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
