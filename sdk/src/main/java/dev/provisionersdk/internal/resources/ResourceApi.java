package dev.provisionersdk.internal.resources;

/**
 * Where publications and deletions go: the Massdriver API, or a log of what would be sent.
 *
 * <p>Implementations are thread-safe.
 */
public interface ResourceApi {
  /**
   * Publishes a resource ({@code POST /v1/resources}).
   *
   * @param publication what to publish, already validated
   * @throws dev.provisionersdk.ProvisionerException when the API refuses it or cannot be reached
   */
  void publish(Publication publication);

  /**
   * Deletes the resource of a field ({@code DELETE /v1/resources/<instance id>-<field>}).
   *
   * @param field the field
   * @return {@code false} when the resource was already gone (HTTP 404)
   * @throws dev.provisionersdk.ProvisionerException when the API refuses or cannot be reached
   */
  boolean delete(String field);
}
