package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.provisionersdk.Action;
import dev.provisionersdk.DeploymentContext;
import dev.provisionersdk.Metadata;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Resources;
import dev.provisionersdk.internal.redact.Redactor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Resources} of one run: validates and publishes payloads, deletes fields, checks before
 * the handler runs what the automatic step will need, and after a successful handler performs that
 * step (publish the templates after provision, delete the step's own fields after decommission).
 *
 * <p>A step owns the fields that have a template in its directory and the fields the provisioner
 * declares with {@code Provisioner.Builder.ownsResources}; decommission deletes only those, never
 * every field of the bundle, since other steps (an OpenTofu step, say) own theirs.
 *
 * <p>Thread-safe: every operation is synchronised, so publications of one run never interleave.
 */
public final class ResourceSession implements Resources {
  private static final Logger LOG = LoggerFactory.getLogger("dev.provisionersdk.resources");
  private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

  private final DeploymentContext context;
  private final Map<String, String> environment;
  private final Metadata metadata;
  private final Path stepDirectory;
  private final TemplateInput templateInput;
  private final Redactor redactor;
  private final Supplier<ObjectMapper> mapper;
  private final ResourceSettings settings;
  private final ResourceApi api;
  private final BundleArtifacts bundle;
  private final Set<String> published = new LinkedHashSet<>();
  private final Set<String> deleted = new LinkedHashSet<>();
  private final Set<String> owned = new TreeSet<>();
  private JsonNode outputs;
  private Templates templates;
  private ResourceIds ids;
  private boolean skipAutomatic;

  /** Whether {@link #prepare} ran: from then on only owned fields may be published or deleted. */
  private boolean prepared;

  /**
   * Creates the session of one run.
   *
   * @param context the deployment context: action, API URL, {@code MASSDRIVER_PACKAGE_NAME}
   * @param environment the run's environment, which templates see as {@code $ENV}, as jq does
   * @param metadata the run's metadata: the name prefix of resource ids and display names
   * @param inputDirectory holds the input files and {@code bundle/} ({@code massdriver.yaml},
   *     {@code schema-artifacts.json})
   * @param stepDirectory holds the {@code .jq} templates
   * @param templateInputs the unmodified {@code params}, {@code connections}, {@code envs} and
   *     {@code secrets} trees; never modified; the templates read the files themselves to keep
   *     number literals as written, and fall back to these trees
   * @param config the step's {@code config.json} tree, for its {@code resources} block
   * @param redactor the run's redactor; values under sensitive payload keys are registered
   * @param mapper turns typed payloads into trees
   * @param api where publications and deletions go
   * @throws ProvisionerException with exit code 2 when the config's {@code resources} block is
   *     malformed
   */
  public ResourceSession(
      DeploymentContext context,
      Map<String, String> environment,
      Metadata metadata,
      Path inputDirectory,
      Path stepDirectory,
      Map<String, JsonNode> templateInputs,
      JsonNode config,
      Redactor redactor,
      Supplier<ObjectMapper> mapper,
      ResourceApi api) {
    this.context = Objects.requireNonNull(context, "context");
    this.environment = Map.copyOf(environment);
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.stepDirectory = Objects.requireNonNull(stepDirectory, "stepDirectory");
    this.templateInput = new TemplateInput(inputDirectory, templateInputs);
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.settings = ResourceSettings.from(config);
    this.api = Objects.requireNonNull(api, "api").withEndpoint(settings.endpoint());
    this.bundle = new BundleArtifacts(inputDirectory.resolve("bundle"), mapper);
    this.outputs = JsonNodeFactory.instance.objectNode();
  }

  @Override
  public void publish(String field, Object payload) {
    publish(field, defaultDisplayName(field), payload);
  }

  @Override
  public synchronized void publish(String field, String displayName, Object payload) {
    checkField(field);
    checkOwned(field, "publish");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(payload, "payload");
    JsonNode tree = toTree(payload);
    Publication publication = prepared(field, displayName, tree, "the payload");
    api.publish(publication);
    published.add(field);
  }

  @Override
  public synchronized void delete(String field) {
    checkField(field);
    checkOwned(field, "delete");
    String id = resourceIds().id(field);
    if (!api.delete(field, id)) {
      LOG.warn(
          "resource '{}' was already gone: DELETE of id {} (name prefix from {}) answered HTTP 404",
          field,
          id,
          resourceIds().source());
    }
    deleted.add(field);
  }

  @Override
  public synchronized void outputs(Object outputs) {
    this.outputs = toTree(Objects.requireNonNull(outputs, "outputs"));
  }

  @Override
  public synchronized void skipAutomatic() {
    skipAutomatic = true;
  }

  /**
   * Checks, before the handler runs, everything a resource call of the action will need, so no work
   * is done that cannot be published or deleted: the templates (two for one field, a field not
   * declared in {@code massdriver.yaml}, jq syntax, jackson-jq on the class path, and for a
   * template that does not read {@code .outputs} its value over the real inputs); the fields the
   * provisioner owns; and for every field the step may publish or delete (templates and {@code
   * ownsResources} alike) json-schema-validator when {@code schema-artifacts.json} exists, the
   * API's credentials and the resource ids' name prefix. From then on, publishing or deleting a
   * field the step does not own fails at once.
   *
   * @param ownedFields the fields the provisioner declared as its own, besides its templates'
   * @throws ProvisionerException with exit code 2 for a bad template, field, id or missing
   *     credentials; with exit code 1 for a missing optional library
   */
  public synchronized void prepare(Set<String> ownedFields) {
    for (String field : ownedFields) {
      checkField(field);
      bundle.type(field);
    }
    owned.addAll(ownedFields);
    Action action = context.action();
    Templates found = templates();
    if (action != Action.DECOMMISSION) {
      found.requireEngine();
    }
    for (String field : found.fields()) {
      bundle.type(field);
    }
    owned.addAll(found.fields());
    prepared = true;
    if (action != Action.DECOMMISSION && !found.isEmpty()) {
      found.compileAll();
    }
    if (action == Action.PROVISION && !owned.isEmpty()) {
      if (bundle.hasSchema()) {
        bundle.requireValidator();
      }
      for (String field : found.fields()) {
        if (!found.readsOutputs(field)) {
          // Its value cannot change by the end of the run: fail now rather than after the work.
          prepared(field, defaultDisplayName(field), found.evaluate(field, input()), source(field));
        }
      }
      api.requireCredentials("publishing the step's resources (" + String.join(", ", owned) + ")");
    }
    if (action == Action.DECOMMISSION && !owned.isEmpty()) {
      api.requireCredentials("deleting the step's resources (" + String.join(", ", owned) + ")");
      for (String field : owned) {
        resourceIds().id(field);
      }
    }
  }

  /**
   * Runs the automatic step of the action once the handler has returned normally: after provision,
   * evaluates and validates every template whose field the handler did not publish itself, then
   * publishes them (so a bad template publishes nothing); after decommission, deletes the fields
   * the step owns that the handler did not delete itself, under the step config's {@code
   * on_delete_failure} policy; during plan, evaluates every template over the inputs it has
   * (outputs as the handler set them, else {@code {}}) and logs what would be published. Does
   * nothing after {@link #skipAutomatic()}.
   *
   * @throws ProvisionerException when a template, a validation or an API call fails
   */
  public synchronized void afterSuccess() {
    Action action = context.action();
    if (skipAutomatic) {
      LOG.debug("automatic resource handling skipped by the handler");
      return;
    }
    if (action == Action.PROVISION) {
      List<Publication> pending = new ArrayList<>();
      for (String field : templates().fields()) {
        if (published.contains(field)) {
          LOG.info("resource '{}' was published by the handler; its template is not used", field);
          continue;
        }
        JsonNode payload = templates().evaluate(field, input());
        pending.add(prepared(field, defaultDisplayName(field), payload, source(field)));
      }
      for (Publication publication : pending) {
        api.publish(publication);
        published.add(publication.field());
      }
    } else if (action == Action.DECOMMISSION) {
      deleteOwned();
    } else {
      previewTemplates();
    }
  }

  private void deleteOwned() {
    Set<String> owned = new TreeSet<>(this.owned);
    owned.addAll(templates().fields());
    if (owned.isEmpty()) {
      LOG.info(
          "decommission: this step owns no resources (no .jq templates in {}, none declared with"
              + " Provisioner.Builder.ownsResources): nothing is deleted automatically",
          stepDirectory.getFileName());
      return;
    }
    List<String> failed = new ArrayList<>();
    ProvisionerException first = null;
    for (String field : owned) {
      if (deleted.contains(field)) {
        continue;
      }
      try {
        delete(field);
      } catch (ProvisionerException e) {
        if (e.isInvalidInput()) {
          throw e;
        }
        LOG.warn("{}", e.getMessage());
        failed.add(field);
        first = first == null ? e : first;
      }
    }
    if (failed.isEmpty()) {
      return;
    }
    if (settings.warnOnDeleteFailure()) {
      LOG.warn(
          "resources {} could not be deleted; continuing as the step config sets"
              + " resources.on_delete_failure to \"warn\" — delete them by hand or run the"
              + " decommission again",
          failed);
      return;
    }
    throw ProvisionerException.withExitCode(
        dev.provisionersdk.ExitCode.HANDLER_FAILED,
        "decommission: resources "
            + failed
            + " could not be deleted (the others were tried); first failure: "
            + first.getMessage()
            + " — run the decommission again (a resource already gone counts as deleted), or set"
            + " {\"resources\": {\"on_delete_failure\": \"warn\"}} in the step's config to"
            + " carry on",
        first);
  }

  private void previewTemplates() {
    if (templates().isEmpty()) {
      return;
    }
    LOG.info(
        "plan: {} resource template(s) ({}) compiled; they are published after a successful"
            + " provision",
        templates().fields().size(),
        String.join(", ", templates().fields()));
    for (String field : templates().fields()) {
      try {
        JsonNode payload = templates().evaluate(field, input());
        api.publish(prepared(field, defaultDisplayName(field), payload, source(field)));
      } catch (ProvisionerException e) {
        LOG.warn(
            "plan: {}{}",
            e.getMessage(),
            templates().readsOutputs(field)
                ? " (the template reads .outputs, which plan does not have; it may work after"
                    + " provision)"
                : "");
      }
    }
  }

  /**
   * Returns the display name the official images give a resource.
   *
   * @param field the field
   * @return {@code Artifact <field> for <name_prefix>}, with the instance id standing in for a
   *     missing name prefix, and {@code Artifact <field>} when neither is known
   */
  public String defaultDisplayName(String field) {
    return metadata
        .namePrefix()
        .or(context::instanceId)
        .map(owner -> "Artifact " + field + " for " + owner)
        .orElse("Artifact " + field);
  }

  /** Validates a payload and builds its publication; registers its sensitive values. */
  private Publication prepared(String field, String displayName, JsonNode payload, String source) {
    if (!payload.isObject()) {
      throw ProvisionerException.invalidInput(
          "resource '"
              + field
              + "': "
              + source
              + " is "
              + payload.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
              + ", expected a JSON object: an ObjectNode, a Map or a record (for JSON text,"
              + " pass request.readJson(text, JsonNode.class))");
    }
    PayloadText.registerSensitive(payload, redactor);
    String type = bundle.type(field);
    List<BundleArtifacts.Problem> problems = bundle.validate(field, payload);
    if (!problems.isEmpty()) {
      List<String> scrubbed = new ArrayList<>();
      for (BundleArtifacts.Problem problem : problems) {
        // Only the message is scrubbed: a payload value equal to a key must not garble the path.
        scrubbed.add(problem.path() + ": " + PayloadText.scrub(problem.message(), payload));
      }
      throw ProvisionerException.invalidInput(
          "resource '"
              + field
              + "' does not match bundle/schema-artifacts.json properties."
              + field
              + " ("
              + source
              + "): "
              + String.join("; ", scrubbed)
              + " — nothing was published; fix the payload or the schema");
    }
    if (!bundle.hasSchema()) {
      LOG.warn(
          "bundle/schema-artifacts.json not found: resource '{}' is published without validation",
          field);
    }
    return new Publication(field, displayName, type, payload);
  }

  private String source(String field) {
    return "the output of its template " + templates().file(field);
  }

  private JsonNode input() {
    return templateInput.with(outputs);
  }

  private ResourceIds resourceIds() {
    if (ids == null) {
      ids = ResourceIds.of(metadata, context);
    }
    return ids;
  }

  private Templates templates() {
    if (templates == null) {
      templates = Templates.scan(stepDirectory, environment);
    }
    return templates;
  }

  private JsonNode toTree(Object value) {
    if (value instanceof JsonNode) {
      return ((JsonNode) value).deepCopy();
    }
    try {
      return mapper.get().valueToTree(value);
    } catch (IllegalArgumentException e) {
      throw ProvisionerException.invalidInput(
          "a "
              + value.getClass().getSimpleName()
              + " cannot be turned into JSON ("
              + e.getClass().getSimpleName()
              + ") — pass a JsonNode, a Map or a record with public accessors");
    }
  }

  /**
   * Refuses a field the step does not own once {@link #prepare} ran: its prerequisites (the
   * credentials, the validator, the name prefix) were not checked before the handler.
   */
  private void checkOwned(String field, String verb) {
    if (prepared && !owned.contains(field)) {
      throw ProvisionerException.invalidInput(
          "resources: cannot "
              + verb
              + " '"
              + field
              + "': this step does not own it (it owns "
              + (owned.isEmpty() ? "no field" : String.join(", ", owned))
              + ") — declare it with Provisioner.builder(...).ownsResources(\""
              + field
              + "\") or give it a .jq template in the step directory, so that what publishing"
              + " and deleting it need is checked before the handler runs");
    }
  }

  private static void checkField(String field) {
    Objects.requireNonNull(field, "field");
    if (!FIELD.matcher(field).matches()) {
      throw ProvisionerException.invalidInput(
          "'"
              + field
              + "' is not a resource field name: expected a key of massdriver.yaml resources"
              + " (or artifacts.properties), matching "
              + FIELD.pattern());
    }
  }

  @Override
  public String toString() {
    return "Resources[" + api + "]";
  }
}
