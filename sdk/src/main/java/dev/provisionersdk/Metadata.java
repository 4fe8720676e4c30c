package dev.provisionersdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * The platform's {@code md_metadata} block of {@code params.json}: naming and tagging facts about
 * the instance being deployed, from {@link Request#metadata()}.
 *
 * <p>Every accessor tolerates a missing or partial block (local runs often have none).
 * Implementations made by the runtime are immutable and thread-safe.
 */
public interface Metadata {

  /**
   * Returns the prefix the platform wants resource names to start with, e.g. {@code
   * ecomm-prod-api-abc1} ({@code md_metadata.name_prefix}).
   *
   * @return the prefix, or empty when absent
   */
  Optional<String> namePrefix();

  /**
   * Returns the tags the platform asks every resource to carry ({@code md_metadata.default_tags}):
   * {@code managed-by}, {@code md-project}, {@code md-environment}, {@code md-component}, {@code
   * md-instance}.
   *
   * @return an unmodifiable map in the file's order, empty when absent
   */
  Map<String, String> defaultTags();

  /**
   * Returns the environment's name from the {@code md-environment} default tag.
   *
   * @return the environment, or empty when absent
   */
  default Optional<String> environment() {
    return Optional.ofNullable(defaultTags().get("md-environment"));
  }

  /**
   * Returns the deployment id ({@code md_metadata.deployment.id}).
   *
   * @return the id, or empty when absent
   */
  Optional<String> deploymentId();

  /**
   * Returns the webhook URL alarms should post to ({@code
   * md_metadata.observability.alarm_webhook_url}).
   *
   * @return the URL, or empty when absent
   */
  Optional<String> alarmWebhookUrl();

  /**
   * Returns the environment's contact e-mail ({@code md_metadata.target.contact_email}).
   *
   * @return the address, or empty when absent
   */
  Optional<String> contactEmail();

  /**
   * Returns the whole {@code md_metadata} block for fields without an accessor.
   *
   * @return a copy of the tree; a missing node when there is no block
   */
  JsonNode tree();
}
