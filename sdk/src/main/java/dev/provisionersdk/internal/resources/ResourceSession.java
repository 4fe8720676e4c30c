package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Resources} of one run: validates and publishes payloads, deletes fields, and after a
 * successful handler performs the automatic step of the action (publish the templates after
 * provision, delete the step's fields after decommission).
 *
 * <p>Thread-safe: every operation is synchronised, so publications of one run never interleave.
 */
public final class ResourceSession implements Resources {
  private static final Logger LOG = LoggerFactory.getLogger("dev.provisionersdk.resources");
  private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

  private final DeploymentContext context;
  private final Metadata metadata;
  private final Path stepDirectory;
  private final Map<String, JsonNode> templateInputs;
  private final Redactor redactor;
  private final Supplier<ObjectMapper> mapper;
  private final ResourceApi api;
  private final BundleArtifacts bundle;
  private final Set<String> published = new LinkedHashSet<>();
  private final Set<String> deleted = new LinkedHashSet<>();
  private JsonNode outputs;
  private Templates templates;
  private boolean skipAutomatic;

  /**
   * Creates the session of one run.
   *
   * @param context the deployment context: action and instance id
   * @param metadata the run's metadata, for the default display name
   * @param bundleDirectory holds {@code massdriver.yaml} and {@code schema-artifacts.json}
   * @param stepDirectory holds the {@code .jq} templates
   * @param templateInputs the unmodified {@code params}, {@code connections}, {@code envs} and
   *     {@code secrets} trees; never modified
   * @param redactor the run's redactor; values under sensitive payload keys are registered
   * @param mapper turns typed payloads into trees
   * @param api where publications and deletions go
   */
  public ResourceSession(
      DeploymentContext context,
      Metadata metadata,
      Path bundleDirectory,
      Path stepDirectory,
      Map<String, JsonNode> templateInputs,
      Redactor redactor,
      Supplier<ObjectMapper> mapper,
      ResourceApi api) {
    this.context = Objects.requireNonNull(context, "context");
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.stepDirectory = Objects.requireNonNull(stepDirectory, "stepDirectory");
    this.templateInputs = Map.copyOf(templateInputs);
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.api = Objects.requireNonNull(api, "api");
    this.bundle = new BundleArtifacts(bundleDirectory, mapper);
    this.outputs = JsonNodeFactory.instance.objectNode();
  }

  @Override
  public void publish(String field, Object payload) {
    publish(field, defaultDisplayName(field), payload);
  }

  @Override
  public synchronized void publish(String field, String displayName, Object payload) {
    checkField(field);
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(payload, "payload");
    publishTree(field, displayName, toTree(payload), "the payload");
  }

  @Override
  public synchronized void delete(String field) {
    checkField(field);
    if (!api.delete(field)) {
      LOG.warn("resource '{}' was already gone (HTTP 404): nothing to delete", field);
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
   * Fails before the handler runs when the automatic step after {@code provision} would need an
   * optional library that is missing: jackson-jq for the step's templates, and
   * json-schema-validator when the bundle also has {@code schema-artifacts.json}. So a provision
   * never succeeds only to fail at publishing for want of a dependency.
   *
   * @throws ProvisionerException with exit code 1 naming the template or file and the dependency
   */
  public synchronized void checkOptionalLibraries() {
    if (context.action() != Action.PROVISION || templates().isEmpty()) {
      return;
    }
    templates().requireEngine();
    if (bundle.hasSchema()) {
      bundle.requireValidator();
    }
  }

  /**
   * Runs the automatic step of the action once the handler has returned normally: after provision,
   * evaluates, validates and publishes each template whose field the handler did not publish
   * itself; after decommission, deletes the step's fields (those with a template, else every field
   * {@code massdriver.yaml} declares) that the handler did not delete itself. Does nothing after
   * {@link #skipAutomatic()}.
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
      for (String field : templates().fields()) {
        if (published.contains(field)) {
          LOG.info("resource '{}' was published by the handler; its template is not used", field);
          continue;
        }
        JsonNode payload = templates().evaluate(field, templateInput());
        publishTree(field, defaultDisplayName(field), payload, "the output of its template");
      }
    } else if (action == Action.DECOMMISSION) {
      List<String> fields = templates().isEmpty() ? bundle.declaredFields() : templates().fields();
      for (String field : fields) {
        if (!deleted.contains(field)) {
          delete(field);
        }
      }
    } else if (!templates().isEmpty()) {
      LOG.info(
          "plan: {} resource template(s) ({}) are published after a successful provision",
          templates().fields().size(),
          String.join(", ", templates().fields()));
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

  private void publishTree(String field, String displayName, JsonNode payload, String source) {
    if (!payload.isObject()) {
      throw ProvisionerException.invalidInput(
          "resource '"
              + field
              + "': "
              + source
              + " is "
              + payload.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
              + ", expected a JSON object");
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
    api.publish(new Publication(field, displayName, type, payload));
    published.add(field);
  }

  private JsonNode templateInput() {
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    for (String name : List.of("params", "connections", "envs", "secrets")) {
      JsonNode tree = templateInputs.get(name);
      input.set(name, tree == null ? JsonNodeFactory.instance.objectNode() : tree.deepCopy());
    }
    input.set("outputs", outputs.deepCopy());
    return input;
  }

  private Templates templates() {
    if (templates == null) {
      templates = Templates.scan(stepDirectory);
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

  private static void checkField(String field) {
    Objects.requireNonNull(field, "field");
    if (!FIELD.matcher(field).matches()) {
      throw ProvisionerException.invalidInput(
          "'"
              + field
              + "' is not a resource field name: expected a key of massdriver.yaml"
              + " artifacts.properties, matching "
              + FIELD.pattern());
    }
  }

  @Override
  public String toString() {
    return "Resources[" + api + "]";
  }
}
