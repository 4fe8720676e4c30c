package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisionersdk.ProvisionerException;
import java.util.List;
import java.util.Map;

/**
 * The step config's {@code resources} block ({@code config.json}), per step:
 *
 * <pre>{@code
 * "resources": {"on_delete_failure": "fail" | "warn", "endpoint": "/v1/resources" | "/v1/artifacts"}
 * }</pre>
 *
 * @param warnOnDeleteFailure whether an automatic delete that fails (anything but 404, after
 *     retries) only logs a warning; default {@code false}: the run fails after trying every field
 * @param endpoint the collection path; default {@code /v1/resources}, {@code /v1/artifacts} for an
 *     installation that predates the resources API
 */
public record ResourceSettings(boolean warnOnDeleteFailure, String endpoint) {
  /** The API's current collection path. */
  public static final String RESOURCES = "/v1/resources";

  /** The path of installations that predate {@code /v1/resources}. */
  public static final String ARTIFACTS = "/v1/artifacts";

  private static final Map<String, Boolean> POLICIES = Map.of("fail", false, "warn", true);

  /**
   * Returns the defaults: fail on a failed delete, {@code /v1/resources}.
   *
   * @return the defaults
   */
  public static ResourceSettings defaults() {
    return new ResourceSettings(false, RESOURCES);
  }

  /**
   * Reads the {@code resources} block of a step's {@code config.json}.
   *
   * @param config the whole config tree
   * @return the settings; the defaults where the block or a key is absent
   * @throws ProvisionerException with exit code 2 naming the key when the block is malformed
   */
  public static ResourceSettings from(JsonNode config) {
    JsonNode block = config == null ? null : config.get("resources");
    if (block == null || block.isNull()) {
      return defaults();
    }
    if (!block.isObject()) {
      throw bad("resources", "an object", block);
    }
    boolean warn = false;
    String endpoint = RESOURCES;
    for (Map.Entry<String, JsonNode> entry : block.properties()) {
      JsonNode value = entry.getValue();
      switch (entry.getKey()) {
        case "on_delete_failure":
          if (!value.isTextual() || !POLICIES.containsKey(value.asText())) {
            throw bad("resources.on_delete_failure", "\"fail\" or \"warn\"", value);
          }
          warn = POLICIES.get(value.asText());
          break;
        case "endpoint":
          if (!value.isTextual() || !List.of(RESOURCES, ARTIFACTS).contains(value.asText())) {
            throw bad(
                "resources.endpoint", "\"" + RESOURCES + "\" or \"" + ARTIFACTS + "\"", value);
          }
          endpoint = value.asText();
          break;
        default:
          throw ProvisionerException.invalidInput(
              "config.json resources."
                  + entry.getKey()
                  + " is not a setting — the resources block takes on_delete_failure and endpoint"
                  + " (README \"Publishing resources\"); check the step's config in"
                  + " massdriver.yaml");
      }
    }
    return new ResourceSettings(warn, endpoint);
  }

  private static ProvisionerException bad(String key, String expected, JsonNode value) {
    return ProvisionerException.invalidInput(
        "config.json "
            + key
            + ": expected "
            + expected
            + ", found "
            + (value.isTextual()
                ? "\"" + value.asText() + "\""
                : value.getNodeType().name().toLowerCase(java.util.Locale.ROOT))
            + " — fix the step's config in massdriver.yaml");
  }
}
