package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisionersdk.Action;
import dev.provisionersdk.DeploymentContext;
import dev.provisionersdk.internal.redact.Redactor;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Chooses where one run's resource calls go: the real API, or a log of what would be sent.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResourceApis {
  private ResourceApis() {}

  /**
   * Returns the API for a run: a preview during {@code plan}, and in a local run whose environment
   * does not set {@code MASSDRIVER_URL} (so a laptop never reaches the real API by accident); the
   * HTTP client otherwise, with a 30 s timeout and the default retry policy.
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
    // Built on first use: a run that publishes nothing never loads the HTTP client or the mapper.
    Supplier<ResourceApi> http =
        () ->
            new HttpResourceApi(
                context.apiUrl(),
                context.deploymentId(),
                context.token(),
                context.instanceId(),
                HttpResourceApi.DEFAULT_TIMEOUT,
                RetryPolicy.defaults(),
                delay -> Thread.sleep(delay.toMillis()),
                redactor,
                mapper.get());
    return new ResourceApi() {
      private ResourceApi api;

      private synchronized ResourceApi api() {
        if (api == null) {
          api = http.get();
        }
        return api;
      }

      @Override
      public void publish(Publication publication) {
        api().publish(publication);
      }

      @Override
      public boolean delete(String field) {
        return api().delete(field);
      }
    };
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
    return new PreviewResourceApi(context.apiUrl(), context.instanceId(), reason, mapper);
  }
}
