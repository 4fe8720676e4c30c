package dev.provisionersdk;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Massdriver tells a provisioner about the deployment through {@code MASSDRIVER_*} environment
 * variables, read once into typed values.
 *
 * <p>Blank variables count as unset. Unknown variables are ignored. Variables the platform has
 * deprecated are still read, because official images still use some of them; prefer the current
 * ones. The token is a {@link Secret} and never prints.
 *
 * <p>Immutable and thread-safe.
 */
public final class DeploymentContext {
  /** The API base URL used when {@code MASSDRIVER_URL} is unset. */
  public static final String DEFAULT_API_URL = "https://api.massdriver.cloud";

  private static final Pattern STEP_PATH = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_-]*");
  private static final Pattern PACKAGE_NAME_SUFFIX = Pattern.compile("(.+)-[a-z0-9]{4}");

  private final Action action;
  private final String stepPath;
  private final URI apiUrl;
  private final Map<String, String> env;

  private DeploymentContext(Action action, String stepPath, URI apiUrl, Map<String, String> env) {
    this.action = action;
    this.stepPath = stepPath;
    this.apiUrl = apiUrl;
    this.env = env;
  }

  /**
   * Reads the context from an environment.
   *
   * @param environment the process environment, e.g. {@code System.getenv()}; copied
   * @return the context
   * @throws ProvisionerException with {@link ExitCode#INVALID_INPUT} if {@code
   *     MASSDRIVER_DEPLOYMENT_ACTION} is missing or unknown, {@code MASSDRIVER_STEP_PATH} is
   *     missing or not a single directory name, or {@code MASSDRIVER_URL} is not an http(s) URL
   */
  public static DeploymentContext fromEnvironment(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    // Keep only what this class reads, so the context never carries unrelated credentials.
    Map<String, String> env = new HashMap<>();
    environment.forEach(
        (name, value) -> {
          if (name.startsWith("MASSDRIVER_") || name.equals("TRACEPARENT")) {
            env.put(name, value);
          }
        });
    String actionName = value(env, "MASSDRIVER_DEPLOYMENT_ACTION").orElse(null);
    if (actionName == null) {
      throw ProvisionerException.invalidInput(
          "MASSDRIVER_DEPLOYMENT_ACTION is not set: expected one of "
              + Action.validNames()
              + " (locally, pass the action as the first argument, e.g. 'plan --inputs sample/')");
    }
    Action action =
        Action.fromWireName(actionName)
            .orElseThrow(
                () ->
                    ProvisionerException.invalidInput(
                        "unknown action '"
                            + actionName
                            + "' in MASSDRIVER_DEPLOYMENT_ACTION: expected one of "
                            + Action.validNames()));
    String stepPath =
        value(env, "MASSDRIVER_STEP_PATH")
            .orElseThrow(
                () ->
                    ProvisionerException.invalidInput(
                        "MASSDRIVER_STEP_PATH is not set: expected the step's path from"
                            + " massdriver.yaml, e.g. 'src'"));
    if (!STEP_PATH.matcher(stepPath).matches()) {
      throw ProvisionerException.invalidInput(
          "MASSDRIVER_STEP_PATH '"
              + stepPath
              + "' is not a single directory name: a step path matches "
              + STEP_PATH.pattern()
              + " (see the steps section of massdriver.yaml)");
    }
    return new DeploymentContext(action, stepPath, parseApiUrl(env), Map.copyOf(env));
  }

  private static URI parseApiUrl(Map<String, String> env) {
    String raw = value(env, "MASSDRIVER_URL").orElse(DEFAULT_API_URL);
    String trimmed = raw.replaceAll("/+$", "");
    try {
      URI uri = new URI(trimmed);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new URISyntaxException(trimmed, "expected an absolute http or https URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw ProvisionerException.invalidInput(
          "MASSDRIVER_URL is not a valid API URL ("
              + e.getReason()
              + "): expected e.g. "
              + DEFAULT_API_URL);
    }
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private Optional<String> value(String name) {
    return value(env, name);
  }

  /**
   * Returns the action to run ({@code MASSDRIVER_DEPLOYMENT_ACTION}).
   *
   * @return the action
   */
  public Action action() {
    return action;
  }

  /**
   * Returns the step's path in the bundle ({@code MASSDRIVER_STEP_PATH}), a single directory name
   * such as {@code src}.
   *
   * @return the step path
   */
  public String stepPath() {
    return stepPath;
  }

  /**
   * Returns the Massdriver API base URL ({@code MASSDRIVER_URL}, default {@value
   * #DEFAULT_API_URL}), without a trailing slash.
   *
   * @return the API URL
   */
  public URI apiUrl() {
    return apiUrl;
  }

  /**
   * Returns the deployment id ({@code MASSDRIVER_DEPLOYMENT_ID}), the API's Basic-auth user name.
   *
   * @return the id, or empty when unset
   */
  public Optional<String> deploymentId() {
    return value("MASSDRIVER_DEPLOYMENT_ID");
  }

  /**
   * Returns the deployment-scoped API token ({@code MASSDRIVER_TOKEN}).
   *
   * @return the token, or empty when unset
   */
  public Optional<Secret> token() {
    return value("MASSDRIVER_TOKEN").map(Secret::of);
  }

  /**
   * Returns the organization's slug ({@code MASSDRIVER_ORGANIZATION_ID}, or the older {@code
   * MASSDRIVER_ORG_ID}).
   *
   * @return the organization id, or empty when neither is set
   */
  public Optional<String> organizationId() {
    return value("MASSDRIVER_ORGANIZATION_ID").or(() -> value("MASSDRIVER_ORG_ID"));
  }

  /**
   * Returns the instance id, e.g. {@code api-prod-db} ({@code MASSDRIVER_INSTANCE_ID}). When it is
   * unset, falls back to {@code MASSDRIVER_PACKAGE_NAME} with its four-character suffix removed
   * ({@code api-prod-db-0a1b} becomes {@code api-prod-db}), as the platform's own tooling does.
   *
   * @return the instance id, or empty when neither variable is set
   */
  public Optional<String> instanceId() {
    return value("MASSDRIVER_INSTANCE_ID")
        .or(
            () ->
                packageName()
                    .map(
                        name -> {
                          Matcher matcher = PACKAGE_NAME_SUFFIX.matcher(name);
                          return matcher.matches() ? matcher.group(1) : name;
                        }));
  }

  /**
   * Returns the bundle's name ({@code MASSDRIVER_BUNDLE_NAME}).
   *
   * @return the name, or empty when unset
   */
  public Optional<String> bundleName() {
    return value("MASSDRIVER_BUNDLE_NAME");
  }

  /**
   * Returns the bundle's version ({@code MASSDRIVER_BUNDLE_VERSION}).
   *
   * @return the version, or empty when unset
   */
  public Optional<String> bundleVersion() {
    return value("MASSDRIVER_BUNDLE_VERSION");
  }

  /**
   * Returns the legacy instance name with its suffix, e.g. {@code ecomm-prod-api-0000} ({@code
   * MASSDRIVER_PACKAGE_NAME}; deprecated by the platform, prefer {@link #instanceId()}).
   *
   * @return the name, or empty when unset
   */
  public Optional<String> packageName() {
    return value("MASSDRIVER_PACKAGE_NAME");
  }

  /**
   * Returns the legacy package id ({@code MASSDRIVER_PACKAGE_ID}; deprecated by the platform).
   *
   * @return the id, or empty when unset
   */
  public Optional<String> packageId() {
    return value("MASSDRIVER_PACKAGE_ID");
  }

  /**
   * Returns the legacy bundle id ({@code MASSDRIVER_BUNDLE_ID}; deprecated by the platform).
   *
   * @return the id, or empty when unset
   */
  public Optional<String> bundleId() {
    return value("MASSDRIVER_BUNDLE_ID");
  }

  /**
   * Returns the legacy manifest id ({@code MASSDRIVER_MANIFEST_ID}; deprecated by the platform).
   *
   * @return the id, or empty when unset
   */
  public Optional<String> manifestId() {
    return value("MASSDRIVER_MANIFEST_ID");
  }

  /**
   * Returns {@code application} or {@code infrastructure} ({@code MASSDRIVER_BUNDLE_TYPE};
   * deprecated by the platform).
   *
   * @return the bundle type, or empty when unset
   */
  public Optional<String> bundleType() {
    return value("MASSDRIVER_BUNDLE_TYPE");
  }

  /**
   * Returns {@code standard} or {@code preview} ({@code MASSDRIVER_TARGET_MODE}; deprecated by the
   * platform).
   *
   * @return the target mode, or empty when unset
   */
  public Optional<String> targetMode() {
    return value("MASSDRIVER_TARGET_MODE");
  }

  /**
   * Returns the organization's UUID ({@code MASSDRIVER_ORGANIZATION_UUID}; undocumented by the
   * platform, used by legacy tooling).
   *
   * @return the UUID, or empty when unset
   */
  public Optional<String> organizationUuid() {
    return value("MASSDRIVER_ORGANIZATION_UUID");
  }

  /**
   * Returns the provisioner name an image declares about itself ({@code MASSDRIVER_PROVISIONER},
   * set by the image, not the platform).
   *
   * @return the name, or empty when unset
   */
  public Optional<String> provisionerName() {
    return value("MASSDRIVER_PROVISIONER");
  }

  /**
   * Returns the W3C trace context of the deployment ({@code TRACEPARENT}), when tracing is on.
   *
   * @return the trace parent, or empty when unset
   */
  public Optional<String> traceparent() {
    return value("TRACEPARENT");
  }

  /** Describes the deployment without the token. */
  @Override
  public String toString() {
    return "DeploymentContext[action="
        + action
        + ", step="
        + stepPath
        + ", instance="
        + instanceId().orElse("?")
        + ", deployment="
        + deploymentId().orElse("?")
        + ", api="
        + (apiUrl.getRawUserInfo() == null
            ? apiUrl.toString()
            : apiUrl.getScheme()
                + "://"
                + apiUrl.getHost()
                + (apiUrl.getPort() < 0 ? "" : ":" + apiUrl.getPort())
                + apiUrl.getRawPath())
        + "]";
  }
}
