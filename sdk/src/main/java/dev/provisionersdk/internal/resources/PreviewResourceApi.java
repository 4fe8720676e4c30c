package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what would be sent to the resources API instead of sending it: used during {@code plan}, in
 * local runs that do not name {@code MASSDRIVER_URL}, and for requests built outside the runtime.
 * Values under sensitive keys are logged as {@code ***}; the rest passes through the masking of the
 * provisioner's output.
 *
 * <p>Thread-safe.
 */
public final class PreviewResourceApi implements ResourceApi {
  private static final Logger LOG = LoggerFactory.getLogger("dev.provisionersdk.resources");

  private final URI baseUrl;
  private final String endpoint;
  private final String reason;
  private final Supplier<ObjectMapper> mapper;

  /**
   * Creates a preview.
   *
   * @param baseUrl the API base URL that would be called; shown without user-info
   * @param endpoint the collection path that would be called, e.g. {@code /v1/resources}
   * @param reason why nothing is sent, e.g. {@code plan}; starts each log line
   * @param mapper writes the logged payload
   */
  public PreviewResourceApi(
      URI baseUrl, String endpoint, String reason, Supplier<ObjectMapper> mapper) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  @Override
  public void publish(Publication publication) {
    String payload;
    try {
      payload = mapper.get().writeValueAsString(PayloadText.masked(publication.payload()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
    LOG.info(
        "{}: not publishing; would POST {}{} field={} type={} name=\"{}\" payload={}",
        reason,
        ApiAddress.shown(baseUrl),
        endpoint,
        publication.field(),
        publication.type(),
        publication.name(),
        payload);
  }

  @Override
  public boolean delete(String field, String resourceId) {
    LOG.info(
        "{}: not deleting; would DELETE {}{}/{} (field {})",
        reason,
        ApiAddress.shown(baseUrl),
        endpoint,
        ApiAddress.segment(resourceId),
        field);
    return true;
  }

  @Override
  public ResourceApi withEndpoint(String endpoint) {
    return new PreviewResourceApi(baseUrl, endpoint, reason, mapper);
  }

  /**
   * Returns why nothing is sent.
   *
   * @return the reason given at construction
   */
  public String reason() {
    return reason;
  }

  @Override
  public String toString() {
    return "PreviewResourceApi[" + reason + "]";
  }
}
