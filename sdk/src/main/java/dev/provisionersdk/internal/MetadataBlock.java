package dev.provisionersdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.provisionersdk.Metadata;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The runtime's {@link Metadata}: a copy of the {@code md_metadata} node of {@code params.json}.
 *
 * <p>Immutable and thread-safe.
 */
public final class MetadataBlock implements Metadata {
  private static final MetadataBlock EMPTY = new MetadataBlock(MissingNode.getInstance());

  private final JsonNode tree;

  private MetadataBlock(JsonNode tree) {
    this.tree = tree;
  }

  /**
   * Reads metadata from {@code params.json}'s tree.
   *
   * @param params the whole {@code params.json} tree
   * @return its {@code md_metadata} block; empty when there is none or it is not an object
   */
  public static Metadata fromParams(JsonNode params) {
    JsonNode block = Objects.requireNonNull(params, "params").path("md_metadata");
    return block.isObject() ? new MetadataBlock(block.deepCopy()) : EMPTY;
  }

  @Override
  public Optional<String> namePrefix() {
    return text(tree.path("name_prefix"));
  }

  @Override
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

  @Override
  public Optional<String> deploymentId() {
    return text(tree.path("deployment").path("id"));
  }

  @Override
  public Optional<String> alarmWebhookUrl() {
    return text(tree.path("observability").path("alarm_webhook_url"));
  }

  @Override
  public Optional<String> contactEmail() {
    return text(tree.path("target").path("contact_email"));
  }

  @Override
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
