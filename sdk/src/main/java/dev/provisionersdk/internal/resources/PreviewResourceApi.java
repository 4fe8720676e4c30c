package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
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
  private final Optional<String> instanceId;
  private final String reason;
  private final Supplier<ObjectMapper> mapper;

  /**
   * Creates a preview.
   *
   * @param baseUrl the API base URL that would be called
   * @param instanceId the instance id, for delete paths
   * @param reason why nothing is sent, e.g. {@code plan}; starts each log line
   * @param mapper writes the logged payload
   */
  public PreviewResourceApi(
      URI baseUrl, Optional<String> instanceId, String reason, Supplier<ObjectMapper> mapper) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
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
        "{}: not publishing; would POST {}/v1/resources field={} type={} name=\"{}\" payload={}",
        reason,
        baseUrl,
        publication.field(),
        publication.type(),
        publication.name(),
        payload);
  }

  @Override
  public boolean delete(String field) {
    LOG.info(
        "{}: not deleting; would DELETE {}/v1/resources/{}-{}",
        reason,
        baseUrl,
        instanceId.orElse("<MASSDRIVER_INSTANCE_ID>"),
        field);
    return true;
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
