package dev.provisionersdk;

/**
 * Publishes and deletes the bundle's resources (formerly "artifacts") through the Massdriver API,
 * reached with {@link Request#resources()}.
 *
 * <p>A resource is a JSON payload published under one of the fields the bundle declares in {@code
 * massdriver.yaml} ({@code resources.<field>.resource_type}, or the deprecated {@code
 * artifacts.properties.<field>.$ref}, which is also the type sent); dependent bundles receive it as
 * a connection. Before anything is sent, the payload is checked against {@code properties.<field>}
 * of {@code bundle/schema-artifacts.json}.
 *
 * <p>Two ways to publish:
 *
 * <ul>
 *   <li><b>Directly</b>: {@code request.resources().publish("database", payload)} sends the payload
 *       at once.
 *   <li><b>Templates</b>: a step directory holding {@code artifact_<field>.jq} or {@code
 *       resource_<field>.jq} files works as with the official images. After the provision handler
 *       returns normally, each template is evaluated over {@code {params, connections, envs,
 *       secrets, outputs}}, validated and published. The handler supplies {@code outputs} with
 *       {@link #outputs(Object)}. A field the handler already published directly is not published
 *       again from its template.
 * </ul>
 *
 * <p>After the decommission handler returns normally, the runtime deletes the fields the step owns:
 * those with a template in the step directory and those declared with {@code
 * Provisioner.Builder.ownsResources}, never the bundle's other fields. Fields the handler deleted
 * itself are not deleted again; {@link #skipAutomatic()} turns both automatic steps off.
 *
 * <p>A run may publish and delete only the fields its step owns, so that what those calls need (the
 * credentials, the schema validator, the name prefix) is checked before the handler does any work;
 * publishing or deleting another field fails at once with {@link ExitCode#INVALID_INPUT} naming
 * {@code ownsResources}. (A request made by the test kit outside a run has no owner declaration and
 * is not checked.)
 *
 * <p>Nothing is sent during {@code plan}: every call logs what it would send instead. The same
 * happens in a local run unless {@code MASSDRIVER_URL} is passed with {@code --env}. Logged
 * payloads pass through the masking of the provisioner's output, and values under keys that name a
 * password, secret, token, private key or credential are shown as {@code ***}.
 *
 * <p>Implementations made by the runtime are thread-safe.
 */
public interface Resources {

  /**
   * Publishes a payload under a field, with the default display name {@code "Artifact <field> for
   * <name_prefix>"} (the official images' name; the instance id stands in for a missing name
   * prefix).
   *
   * @param field a field declared in {@code massdriver.yaml}, e.g. {@code database}
   * @param payload the resource's JSON object: an {@code ObjectNode} (any {@code JsonNode} that is
   *     an object), a {@code Map<String, ?>}, or a record or bean that Jackson writes as an object
   *     (its public accessors become the keys). Text is not parsed: for JSON text, pass {@code
   *     request.readJson(text, JsonNode.class)}
   * @throws ProvisionerException with {@link ExitCode#INVALID_INPUT} if the field is not declared
   *     or not owned by the step, the payload is not a JSON object or does not match the schema
   *     (the message names the JSON path, never a value), or the deployment's credentials are
   *     missing; with {@link ExitCode#HANDLER_FAILED} if the API refuses the payload or cannot be
   *     reached after retries
   */
  void publish(String field, Object payload);

  /**
   * Publishes a payload under a field with an explicit display name.
   *
   * @param field a field declared in {@code massdriver.yaml}
   * @param displayName the name shown in the Massdriver UI
   * @param payload the resource's JSON object, as for {@link #publish(String, Object)}
   * @throws ProvisionerException as for {@link #publish(String, Object)}
   */
  void publish(String field, String displayName, Object payload);

  /**
   * Deletes the resource published under a field: id {@code <name_prefix>-<field>}, the name prefix
   * from {@code params.md_metadata.name_prefix}, else {@code MASSDRIVER_PACKAGE_NAME}. A resource
   * that is already gone (HTTP 404) counts as deleted, with a warning naming the id tried.
   *
   * @param field the field
   * @throws ProvisionerException with {@link ExitCode#INVALID_INPUT} if the field is not owned by
   *     the step, the name prefix is missing or malformed, or the deployment's credentials are
   *     missing; with {@link ExitCode#HANDLER_FAILED} if the API refuses or cannot be reached after
   *     retries
   */
  void delete(String field);

  /**
   * Sets the {@code outputs} the {@code .jq} templates see, like a tool's outputs in the official
   * images (e.g. {@code tofu output}, unwrapped from {@code .value}). Calling it again replaces the
   * value. Default: {@code {}}.
   *
   * @param outputs any JSON value the templates read as {@code .outputs}: a {@code JsonNode} (such
   *     as {@link ToolOutputs#flattenedOutputs(String)} returns), a {@code Map}, a {@code List}, a
   *     record or bean, or a {@code String}, number or boolean (a JSON scalar, not parsed)
   * @throws ProvisionerException with {@link ExitCode#INVALID_INPUT} if Jackson cannot write the
   *     value as JSON
   */
  void outputs(Object outputs);

  /**
   * Turns off the runtime's automatic steps for this run: templates are not published after
   * provision, and declared fields are not deleted after decommission. Use it when the handler
   * publishes and deletes everything itself.
   */
  void skipAutomatic();
}
