package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisionersdk.Action;
import dev.provisionersdk.Backoff;
import dev.provisionersdk.DeploymentContext;
import dev.provisionersdk.internal.redact.Redactor;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Chooses where one run's resource calls go: the real API, or a log of what would be sent.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResourceApis {
  /** Attempts in all of one API call. */
  public static final int MAX_ATTEMPTS = 4;

  /** The wait before each retry: 50–100 % of 0.5 s, 1 s, 2 s…, at most 8 s. */
  public static final Backoff BACKOFF =
      Backoff.exponential(Duration.ofMillis(500), Duration.ofSeconds(8));

  private ResourceApis() {}

  /**
   * Returns the API for a run: a preview during {@code plan}, and in a local run whose environment
   * does not set {@code MASSDRIVER_URL} (so a laptop never reaches the real API by accident); the
   * HTTP client otherwise, with a 30 s timeout and up to {@value #MAX_ATTEMPTS} attempts waiting
   * {@link #BACKOFF} between them.
   *
   * @param context the run's context
   * @param environment the run's environment, as the local runner built it
   * @param localRun whether the run came from the local runner's command line
   * @param redactor the run's redactor
   * @param mapper the run's JSON mapper, built on first use
   * @return the API
   */
  public static ResourceApi forRun(
      DeploymentContext context,
      Map<String, String> environment,
      boolean localRun,
      Redactor redactor,
      Supplier<ObjectMapper> mapper) {
    if (context.action() == Action.PLAN) {
      return preview(context, "plan", mapper);
    }
    String url = environment.get("MASSDRIVER_URL");
    if (localRun && (url == null || url.isBlank())) {
      return preview(context, "local run without MASSDRIVER_URL", mapper);
    }
    return new LazyHttp(context, redactor, mapper, ResourceSettings.RESOURCES);
  }

  /** Builds the HTTP client on first use: a run that publishes nothing never loads it. */
  private static final class LazyHttp implements ResourceApi {
    private final DeploymentContext context;
    private final Redactor redactor;
    private final Supplier<ObjectMapper> mapper;
    private final String endpoint;
    private ResourceApi api;

    LazyHttp(
        DeploymentContext context,
        Redactor redactor,
        Supplier<ObjectMapper> mapper,
        String endpoint) {
      this.context = context;
      this.redactor = redactor;
      this.mapper = mapper;
      this.endpoint = endpoint;
    }

    private synchronized ResourceApi api() {
      if (api == null) {
        api =
            new HttpResourceApi(
                context.apiUrl(),
                endpoint,
                context.deploymentId(),
                context.token(),
                HttpResourceApi.DEFAULT_TIMEOUT,
                MAX_ATTEMPTS,
                BACKOFF,
                delay -> Thread.sleep(delay.toMillis()),
                redactor,
                mapper.get());
      }
      return api;
    }

    @Override
    public void publish(Publication publication) {
      api().publish(publication);
    }

    @Override
    public boolean delete(String field, String resourceId) {
      return api().delete(field, resourceId);
    }

    @Override
    public void requireCredentials(String what) {
      api().requireCredentials(what);
    }

    @Override
    public ResourceApi withEndpoint(String endpoint) {
      return endpoint.equals(this.endpoint)
          ? this
          : new LazyHttp(context, redactor, mapper, endpoint);
    }

    @Override
    public String toString() {
      return "HttpResourceApi[" + ApiAddress.shown(context.apiUrl()) + endpoint + "]";
    }
  }

  /**
   * Returns a preview API that only logs.
   *
   * @param context the run's context
   * @param reason why nothing is sent, starts each log line
   * @param mapper the run's JSON mapper, built on first use
   * @return the preview
   */
  public static ResourceApi preview(
      DeploymentContext context, String reason, Supplier<ObjectMapper> mapper) {
    return new PreviewResourceApi(context.apiUrl(), ResourceSettings.RESOURCES, reason, mapper);
  }
}
