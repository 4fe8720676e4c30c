package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisionersdk.Backoff;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Secret;
import dev.provisionersdk.internal.exec.Durations;
import dev.provisionersdk.internal.redact.Redactor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Massdriver resources API over the JDK's {@link HttpClient}: {@code POST {URL}/v1/resources}
 * and {@code DELETE {URL}/v1/resources/<name_prefix>-<field>} with body {@code {"field": ...}} (as
 * massdriver-sdk-go sends it), with HTTP Basic {@code deploymentId:token}, a per-request timeout,
 * and retries with {@link Backoff} on connection errors, timeouts and 5xx responses (never on 4xx).
 * The endpoint is {@code /v1/resources} unless the step config names the legacy {@code
 * /v1/artifacts} ({@link ResourceSettings}).
 *
 * <p>The base URL is shown without its user-info ({@code user:password@}), which is also masked.
 *
 * <p>Error messages carry the status and the server's error text, scrubbed of the token and of the
 * payload's values. Thread-safe.
 */
public final class HttpResourceApi implements ResourceApi {
  /** The per-request timeout of the official tooling. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger("dev.provisionersdk.resources");
  private static final int MAX_ERROR_TEXT = 500;

  /** Waits between attempts; a test may pass one that does not really sleep. */
  @FunctionalInterface
  public interface Sleeper {
    /**
     * Waits.
     *
     * @param delay how long
     * @throws InterruptedException when interrupted
     */
    void sleep(Duration delay) throws InterruptedException;
  }

  private final URI baseUrl;
  private final String shownUrl;
  private final String endpoint;
  private final Optional<String> deploymentId;
  private final Optional<Secret> token;
  private final Duration timeout;
  private final int maxAttempts;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final Redactor redactor;
  private final ObjectMapper mapper;
  private HttpClient client;

  /**
   * Creates a client.
   *
   * @param baseUrl the API base URL, without a trailing slash
   * @param endpoint the collection path, {@code /v1/resources} (or the legacy {@code
   *     /v1/artifacts})
   * @param deploymentId the Basic-auth user name, checked on first use
   * @param token the Basic-auth password, checked on first use
   * @param timeout the per-request timeout, also the connect timeout
   * @param maxAttempts attempts in all, at least 1
   * @param backoff the wait before each retry
   * @param sleeper how to wait between attempts, e.g. {@code d -> Thread.sleep(d.toMillis())}
   * @param redactor the run's redactor; the token and the Authorization header are registered
   * @param mapper writes request bodies and reads error bodies
   */
  public HttpResourceApi(
      URI baseUrl,
      String endpoint,
      Optional<String> deploymentId,
      Optional<Secret> token,
      Duration timeout,
      int maxAttempts,
      Backoff backoff,
      Sleeper sleeper,
      Redactor redactor,
      ObjectMapper mapper) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.shownUrl = ApiAddress.shown(baseUrl);
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.deploymentId = Objects.requireNonNull(deploymentId, "deploymentId");
    this.token = Objects.requireNonNull(token, "token");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    token.ifPresent(value -> redactor.register(value.reveal()));
    ApiAddress.registerUserInfo(baseUrl, redactor);
  }

  /** Created on first use, so runs that publish nothing start no HTTP client threads. */
  private synchronized HttpClient client() {
    if (client == null) {
      // Redirects are not followed: the Authorization header must not travel to another address.
      // HTTP/1.1: a run makes a handful of calls, and on plain http the default HTTP/2 upgrade
      // attempt made the first call about 3x slower on loopback (2.0 s against 0.6 s, cold JVM).
      client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(timeout)
              .build();
    }
    return client;
  }

  @Override
  public void publish(Publication publication) {
    String what = "publishing resource '" + publication.field() + "'";
    ObjectNode body = mapper.createObjectNode();
    body.put("field", publication.field());
    body.put("name", publication.name());
    body.put("type", publication.type());
    body.set("payload", publication.payload());
    HttpRequest request =
        requestTo(what, endpoint)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)))
            .build();
    HttpResponse<String> response = send(what, request);
    if (response.statusCode() == 404) {
      throw tooOld(what, response);
    }
    if (!isSuccess(response.statusCode())) {
      throw refused(what, response, publication.payload());
    }
    LOG.info(
        "published resource '{}' as {} (type {}, \"{}\"): HTTP {}",
        publication.field(),
        answeredId(response.body()).orElse("(no id in the answer)"),
        publication.type(),
        publication.name(),
        response.statusCode());
  }

  /** A request body: writing a tree built here cannot fail. */
  private byte[] bytes(ObjectNode body) {
    try {
      return mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /** The id the API gave the resource, from {@code {"id": ...}} when the answer has one. */
  private Optional<String> answeredId(String body) {
    try {
      JsonNode tree = body == null || body.isBlank() ? null : mapper.readTree(body);
      JsonNode id = tree == null ? null : tree.get("id");
      return id != null && id.isValueNode() ? Optional.of(id.asText()) : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  private ProvisionerException tooOld(String what, HttpResponse<String> response) {
    String detail = redactor.redact(errorText(response.body()));
    return ProvisionerException.withExitCode(
        ExitCode.HANDLER_FAILED,
        what
            + ": the API at "
            + shownUrl
            + " answered HTTP 404 to POST "
            + endpoint
            + (detail.isEmpty() ? "" : " (" + detail + ")")
            + " — this Massdriver installation has no "
            + endpoint
            + " endpoint: it predates the resources API or MASSDRIVER_URL is wrong. Upgrade the"
            + " self-hosted installation, or for one that predates /v1/resources set"
            + " {\"resources\": {\"endpoint\": \"/v1/artifacts\"}} in the step's config"
            + " (README \"Older installations\")");
  }

  @Override
  public boolean delete(String field, String resourceId) {
    String what = "deleting resource '" + field + "' (id " + resourceId + ")";
    ObjectNode body = mapper.createObjectNode();
    body.put("field", field);
    HttpRequest request =
        requestTo(what, endpoint + "/" + ApiAddress.segment(resourceId))
            .header("Content-Type", "application/json")
            .method("DELETE", HttpRequest.BodyPublishers.ofByteArray(bytes(body)))
            .build();
    HttpResponse<String> response = send(what, request);
    if (response.statusCode() == 404) {
      return false;
    }
    if (!isSuccess(response.statusCode())) {
      throw refused(what, response, MissingNode.getInstance());
    }
    LOG.info("deleted resource '{}' (id {}): HTTP {}", field, resourceId, response.statusCode());
    return true;
  }

  @Override
  public void requireCredentials(String what) {
    List<String> missing = new ArrayList<>();
    if (deploymentId.isEmpty()) {
      missing.add("MASSDRIVER_DEPLOYMENT_ID");
    }
    if (token.isEmpty()) {
      missing.add("MASSDRIVER_TOKEN");
    }
    if (!missing.isEmpty()) {
      throw ProvisionerException.invalidInput(
          what
              + ": "
              + String.join(" and ", missing)
              + (missing.size() == 1 ? " is" : " are")
              + " not set — they are the API's Basic-auth credentials, set by the platform in a"
              + " deployment; in a local run pass them with --env, or leave MASSDRIVER_URL unset"
              + " to only log what would be sent");
    }
  }

  @Override
  public ResourceApi withEndpoint(String endpoint) {
    return new HttpResourceApi(
        baseUrl,
        endpoint,
        deploymentId,
        token,
        timeout,
        maxAttempts,
        backoff,
        sleeper,
        redactor,
        mapper);
  }

  private HttpRequest.Builder requestTo(String what, String path) {
    requireCredentials(what);
    String credentials = deploymentId.get() + ":" + token.get().reveal();
    String authorization =
        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    redactor.register(authorization.substring("Basic ".length()));
    return HttpRequest.newBuilder(ApiAddress.resolve(baseUrl, path))
        .timeout(timeout)
        .header("Authorization", authorization)
        .header("Accept", "application/json")
        .header("User-Agent", "provisioner-sdk-java");
  }

  private HttpResponse<String> send(String what, HttpRequest request) {
    for (int attempt = 1; ; attempt++) {
      String problem;
      Exception cause;
      try {
        HttpResponse<String> response =
            client().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() < 500) {
          return response;
        }
        if (attempt >= maxAttempts) {
          return response;
        }
        problem = "HTTP " + response.statusCode();
        cause = null;
      } catch (HttpTimeoutException e) {
        problem = "no response within " + Durations.format(timeout);
        cause = e;
      } catch (IOException e) {
        problem = "cannot reach " + shownUrl + " (" + e.getClass().getSimpleName() + ")";
        cause = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ProvisionerException.withExitCode(
            ExitCode.HANDLER_FAILED, what + ": interrupted while waiting for the API");
      }
      if (attempt >= maxAttempts) {
        throw ProvisionerException.withExitCode(
            ExitCode.HANDLER_FAILED,
            what
                + ": "
                + problem
                + " after "
                + attempt
                + (attempt == 1 ? " attempt" : " attempts")
                + " — check MASSDRIVER_URL ("
                + shownUrl
                + ") and the API's health, then run the deployment again",
            cause);
      }
      Duration delay = backoff.delayBefore(attempt);
      LOG.warn(
          "{}: {}, retrying in {} (attempt {} of {})",
          what,
          problem,
          Durations.format(delay),
          attempt + 1,
          maxAttempts);
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ProvisionerException.withExitCode(
            ExitCode.HANDLER_FAILED, what + ": interrupted while waiting to retry");
      }
    }
  }

  private ProvisionerException refused(
      String what, HttpResponse<String> response, JsonNode payload) {
    int status = response.statusCode();
    String detail = PayloadText.scrub(redactor.redact(errorText(response.body())), payload);
    String next;
    if (status == 401 || status == 403) {
      next = "check MASSDRIVER_DEPLOYMENT_ID and MASSDRIVER_TOKEN (the deployment's credentials)";
    } else if (status == 422 || status == 400) {
      next = "fix the payload to match the resource type";
    } else if (status == 404) {
      next = "check MASSDRIVER_URL (" + shownUrl + ") and that the field is declared in the bundle";
    } else if (status >= 500) {
      next = "the API failed; run the deployment again later";
    } else {
      next = "check the request against the API's documentation";
    }
    return ProvisionerException.withExitCode(
        ExitCode.HANDLER_FAILED,
        what
            + ": the API answered HTTP "
            + status
            + (detail.isEmpty() ? "" : ": " + detail)
            + " — "
            + next);
  }

  /**
   * Turns an error body into one line: {@code {"error": "..."}} gives its text, {@code {"errors":
   * {"field": ["..."]}}} gives {@code field: ...; field2: ...}, anything else is shown shortened.
   */
  String errorText(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode tree = mapper.readTree(body);
      if (tree != null && tree.isObject()) {
        JsonNode error = tree.get("error");
        if (error != null && error.isTextual()) {
          return shorten(error.asText());
        }
        JsonNode errors = tree.get("errors");
        if (errors != null && errors.isObject()) {
          List<String> parts = new ArrayList<>();
          errors
              .properties()
              .forEach(entry -> parts.add(entry.getKey() + ": " + messages(entry.getValue())));
          return shorten(String.join("; ", parts));
        }
      }
    } catch (JsonProcessingException e) {
      // Not JSON: shown as text below.
    }
    return shorten(body.strip().replaceAll("\\s+", " "));
  }

  private static String messages(JsonNode value) {
    if (value.isArray()) {
      List<String> texts = new ArrayList<>();
      value.forEach(item -> texts.add(item.isTextual() ? item.asText() : item.toString()));
      return String.join(", ", texts);
    }
    return value.isTextual() ? value.asText() : value.toString();
  }

  private static String shorten(String text) {
    return text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + "…";
  }

  private static boolean isSuccess(int status) {
    return status >= 200 && status < 300;
  }

  @Override
  public String toString() {
    return "HttpResourceApi[" + shownUrl + endpoint + "]";
  }
}
