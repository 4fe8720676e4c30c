package dev.provisionersdk;

import java.net.URI;
import java.util.Optional;

/**
 * What Massdriver tells a provisioner about the deployment through {@code MASSDRIVER_*} environment
 * variables, read once into typed values: {@code request.context().instanceId()}.
 *
 * <p>Blank variables count as unset. The variables the platform documents have an accessor each;
 * every other {@code MASSDRIVER_*} variable, including those the platform has deprecated but
 * official images still set ({@code MASSDRIVER_PACKAGE_NAME}, {@code MASSDRIVER_BUNDLE_TYPE}, …),
 * is read with {@link #variable(String)}. The token is a {@link Secret} and never prints.
 *
 * <p>Made by the runtime, which refuses to start without a known action and a valid step path.
 * Implementations made by the runtime are immutable and thread-safe.
 */
public interface DeploymentContext {

  /**
   * Returns the action to run ({@code MASSDRIVER_DEPLOYMENT_ACTION}).
   *
   * @return the action
   */
  Action action();

  /**
   * Returns the step's path in the bundle ({@code MASSDRIVER_STEP_PATH}), a single directory name
   * such as {@code src}.
   *
   * @return the step path
   */
  String stepPath();

  /**
   * Returns the Massdriver API base URL ({@code MASSDRIVER_URL}, default {@code
   * https://api.massdriver.cloud}), without a trailing slash.
   *
   * @return the API URL
   */
  URI apiUrl();

  /**
   * Returns the deployment id ({@code MASSDRIVER_DEPLOYMENT_ID}), the API's Basic-auth user name.
   *
   * @return the id, or empty when unset
   */
  Optional<String> deploymentId();

  /**
   * Returns the deployment-scoped API token ({@code MASSDRIVER_TOKEN}).
   *
   * @return the token, or empty when unset
   */
  Optional<Secret> token();

  /**
   * Returns the organization's slug ({@code MASSDRIVER_ORGANIZATION_ID}, or the older {@code
   * MASSDRIVER_ORG_ID}).
   *
   * @return the organization id, or empty when neither is set
   */
  Optional<String> organizationId();

  /**
   * Returns the instance id, e.g. {@code api-prod-db} ({@code MASSDRIVER_INSTANCE_ID}). When it is
   * unset, falls back to {@code MASSDRIVER_PACKAGE_NAME} with its four-character suffix removed
   * ({@code api-prod-db-0a1b} becomes {@code api-prod-db}), as the platform's own tooling does.
   *
   * @return the instance id, or empty when neither variable is set
   */
  Optional<String> instanceId();

  /**
   * Returns the bundle's name ({@code MASSDRIVER_BUNDLE_NAME}).
   *
   * @return the name, or empty when unset
   */
  Optional<String> bundleName();

  /**
   * Returns the bundle's version ({@code MASSDRIVER_BUNDLE_VERSION}).
   *
   * @return the version, or empty when unset
   */
  Optional<String> bundleVersion();

  /**
   * Returns the provisioner name an image declares about itself ({@code MASSDRIVER_PROVISIONER},
   * set by the image, not the platform).
   *
   * @return the name, or empty when unset
   */
  Optional<String> provisionerName();

  /**
   * Returns the W3C trace context of the deployment ({@code TRACEPARENT}), when tracing is on.
   *
   * @return the trace parent, or empty when unset
   */
  Optional<String> traceparent();

  /**
   * Returns any other variable of the deployment by its full name, trimmed: for the variables the
   * platform has deprecated but official images still read, such as {@code MASSDRIVER_PACKAGE_NAME}
   * (the legacy instance name with its suffix), {@code MASSDRIVER_PACKAGE_ID}, {@code
   * MASSDRIVER_BUNDLE_ID}, {@code MASSDRIVER_MANIFEST_ID}, {@code MASSDRIVER_BUNDLE_TYPE} ({@code
   * application} or {@code infrastructure}), {@code MASSDRIVER_TARGET_MODE} ({@code standard} or
   * {@code preview}) and {@code MASSDRIVER_ORGANIZATION_UUID}, and for variables the platform adds
   * later. Only {@code MASSDRIVER_*} variables and {@code TRACEPARENT} are kept from the
   * environment.
   *
   * @param name the variable's name, e.g. {@code MASSDRIVER_PACKAGE_NAME}
   * @return the value, or empty when unset, blank or not a deployment variable
   * @throws IllegalArgumentException for {@code MASSDRIVER_TOKEN}: read it with {@link #token()},
   *     which keeps it a {@link Secret}
   */
  Optional<String> variable(String name);
}
