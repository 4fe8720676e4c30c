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
   * Deletes a resource ({@code DELETE /v1/resources/<id>}).
   *
   * @param field the field, sent in the body and named in messages
   * @param resourceId the resource's id, {@code <name_prefix>-<field>}, already validated
   * @return {@code false} when no resource has that id (HTTP 404)
   * @throws dev.provisionersdk.ProvisionerException when the API refuses or cannot be reached
   */
  boolean delete(String field, String resourceId);

  /**
   * Fails when a call could not be authenticated, before any work is done.
   *
   * @param what what will need the API, starts the message
   * @throws dev.provisionersdk.ProvisionerException with exit code 2 naming the missing variables
   */
  default void requireCredentials(String what) {}

  /**
   * Returns this API with another collection path.
   *
   * @param endpoint {@code /v1/resources} or the legacy {@code /v1/artifacts}
   * @return the API
   */
  ResourceApi withEndpoint(String endpoint);
}
