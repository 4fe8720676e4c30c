package dev.provisionersdk.internal;

import dev.provisionersdk.Action;
import dev.provisionersdk.DeploymentContext;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The runtime's {@link DeploymentContext}, read from the {@code MASSDRIVER_*} variables of an
 * environment.
 *
 * <p>Immutable and thread-safe.
 */
public final class EnvironmentContext implements DeploymentContext {
  /** The API base URL used when {@code MASSDRIVER_URL} is unset. */
  public static final String DEFAULT_API_URL = "https://api.massdriver.cloud";

  /** The valid values of {@code MASSDRIVER_DEPLOYMENT_ACTION}, comma separated, for messages. */
  public static final String ACTION_NAMES =
      Arrays.stream(Action.values()).map(Action::wireName).collect(Collectors.joining(", "));

  private static final Pattern STEP_PATH = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_-]*");
  private static final Pattern PACKAGE_NAME_SUFFIX = Pattern.compile("(.+)-[a-z0-9]{4}");

  private final Action action;
  private final String stepPath;
  private final URI apiUrl;
  private final Map<String, String> env;

  private EnvironmentContext(Action action, String stepPath, URI apiUrl, Map<String, String> env) {
    this.action = action;
    this.stepPath = stepPath;
    this.apiUrl = apiUrl;
    this.env = env;
  }

  /**
   * Parses the platform's lower-case action name. Matching is exact: {@code "Plan"} is not an
   * action.
   *
   * @param wireName the value of {@code MASSDRIVER_DEPLOYMENT_ACTION}; may be {@code null}
   * @return the action, or empty if the name is not one of {@link #ACTION_NAMES}
   */
  public static Optional<Action> action(String wireName) {
    return Arrays.stream(Action.values())
        .filter(action -> action.wireName().equals(wireName))
        .findFirst();
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
  public static EnvironmentContext fromEnvironment(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    // Keep only what this class reads, so the context never carries unrelated credentials.
    Map<String, String> env = new HashMap<>();
    environment.forEach(
        (name, value) -> {
          if (isDeploymentVariable(name)) {
            env.put(name, value);
          }
        });
    String actionName = value(env, "MASSDRIVER_DEPLOYMENT_ACTION").orElse(null);
    if (actionName == null) {
      throw ProvisionerException.invalidInput(
          "MASSDRIVER_DEPLOYMENT_ACTION is not set: expected one of "
              + ACTION_NAMES
              + " (locally, pass the action as the first argument, e.g. 'plan --inputs sample/')");
    }
    Action action =
        action(actionName)
            .orElseThrow(
                () ->
                    ProvisionerException.invalidInput(
                        "unknown action '"
                            + actionName
                            + "' in MASSDRIVER_DEPLOYMENT_ACTION: expected one of "
                            + ACTION_NAMES));
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
    return new EnvironmentContext(action, stepPath, parseApiUrl(env), Map.copyOf(env));
  }

  private static boolean isDeploymentVariable(String name) {
    return name.startsWith("MASSDRIVER_") || name.equals("TRACEPARENT");
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

  @Override
  public Action action() {
    return action;
  }

  @Override
  public String stepPath() {
    return stepPath;
  }

  @Override
  public URI apiUrl() {
    return apiUrl;
  }

  @Override
  public Optional<String> deploymentId() {
    return value("MASSDRIVER_DEPLOYMENT_ID");
  }

  @Override
  public Optional<Secret> token() {
    return value("MASSDRIVER_TOKEN").map(Secret::of);
  }

  @Override
  public Optional<String> organizationId() {
    return value("MASSDRIVER_ORGANIZATION_ID").or(() -> value("MASSDRIVER_ORG_ID"));
  }

  @Override
  public Optional<String> instanceId() {
    return value("MASSDRIVER_INSTANCE_ID")
        .or(
            () ->
                value("MASSDRIVER_PACKAGE_NAME")
                    .map(
                        name -> {
                          Matcher matcher = PACKAGE_NAME_SUFFIX.matcher(name);
                          return matcher.matches() ? matcher.group(1) : name;
                        }));
  }

  @Override
  public Optional<String> bundleName() {
    return value("MASSDRIVER_BUNDLE_NAME");
  }

  @Override
  public Optional<String> bundleVersion() {
    return value("MASSDRIVER_BUNDLE_VERSION");
  }

  @Override
  public Optional<String> provisionerName() {
    return value("MASSDRIVER_PROVISIONER");
  }

  @Override
  public Optional<String> traceparent() {
    return value("TRACEPARENT");
  }

  @Override
  public Optional<String> variable(String name) {
    Objects.requireNonNull(name, "name");
    if (name.equals("MASSDRIVER_TOKEN")) {
      throw new IllegalArgumentException(
          "MASSDRIVER_TOKEN is a secret: read it with token(), which keeps it a Secret");
    }
    return value(name);
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
