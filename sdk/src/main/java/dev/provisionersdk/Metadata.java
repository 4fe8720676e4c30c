package dev.provisionersdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The platform's {@code md_metadata} block of {@code params.json}: naming and tagging facts about
 * the instance being deployed.
 *
 * <p>Every accessor tolerates a missing or partial block (local runs often have none). Immutable
 * and thread-safe.
 */
public final class Metadata {
  private final JsonNode tree;

  private Metadata(JsonNode tree) {
    this.tree = tree;
  }

  /**
   * Reads metadata from the {@code md_metadata} node of {@code params.json}.
   *
   * @param mdMetadata the node, or a missing node when {@code params.json} has none
   * @return the metadata view
   */
  public static Metadata of(JsonNode mdMetadata) {
    Objects.requireNonNull(mdMetadata, "mdMetadata");
    return new Metadata(mdMetadata.deepCopy());
  }

  /**
   * Returns metadata with no fields, as for a {@code params.json} without {@code md_metadata}.
   *
   * @return the empty metadata
   */
  public static Metadata empty() {
    return new Metadata(MissingNode.getInstance());
  }

  /**
   * Returns the prefix the platform wants resource names to start with, e.g. {@code
   * ecomm-prod-api-abc1} ({@code md_metadata.name_prefix}).
   *
   * @return the prefix, or empty when absent
   */
  public Optional<String> namePrefix() {
    return text(tree.path("name_prefix"));
  }

  /**
   * Returns the tags the platform asks every resource to carry ({@code md_metadata.default_tags}):
   * {@code managed-by}, {@code md-project}, {@code md-environment}, {@code md-component}, {@code
   * md-instance}.
   *
   * @return an unmodifiable map in the file's order, empty when absent
   */
  public Map<String, String> defaultTags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tree.path("default_tags")
        .properties()
        .forEach(
            entry -> {
              if (entry.getValue().isValueNode() && !entry.getValue().isNull()) {
                tags.put(entry.getKey(), entry.getValue().asText());
              }
            });
    return Collections.unmodifiableMap(tags);
  }

  /**
   * Returns the environment's name from the {@code md-environment} default tag.
   *
   * @return the environment, or empty when absent
   */
  public Optional<String> environment() {
    return Optional.ofNullable(defaultTags().get("md-environment"));
  }

  /**
   * Returns the deployment id ({@code md_metadata.deployment.id}).
   *
   * @return the id, or empty when absent
   */
  public Optional<String> deploymentId() {
    return text(tree.path("deployment").path("id"));
  }

  /**
   * Returns the webhook URL alarms should post to ({@code
   * md_metadata.observability.alarm_webhook_url}).
   *
   * @return the URL, or empty when absent
   */
  public Optional<String> alarmWebhookUrl() {
    return text(tree.path("observability").path("alarm_webhook_url"));
  }

  /**
   * Returns the environment's contact e-mail ({@code md_metadata.target.contact_email}).
   *
   * @return the address, or empty when absent
   */
  public Optional<String> contactEmail() {
    return text(tree.path("target").path("contact_email"));
  }

  /**
   * Returns the whole {@code md_metadata} block for fields without an accessor.
   *
   * @return a copy of the tree; a missing node when there is no block
   */
  public JsonNode tree() {
    return tree.deepCopy();
  }

  private static Optional<String> text(JsonNode node) {
    return node.isValueNode() && !node.isNull() && !node.asText().isEmpty()
        ? Optional.of(node.asText())
        : Optional.empty();
  }

  @Override
  public String toString() {
    return "Metadata[namePrefix=" + namePrefix().orElse("?") + ", tags=" + defaultTags() + "]";
  }
}
