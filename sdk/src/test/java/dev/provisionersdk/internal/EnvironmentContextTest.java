package dev.provisionersdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisionersdk.Action;
import dev.provisionersdk.DeploymentContext;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Secret;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvironmentContextTest {

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("MASSDRIVER_DEPLOYMENT_ACTION", "provision");
    env.put("MASSDRIVER_STEP_PATH", "src");
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] == null) {
        env.remove(pairs[i]);
      } else {
        env.put(pairs[i], pairs[i + 1]);
      }
    }
    return env;
  }

  @Test
  void readsEveryDocumentedVariable() {
    DeploymentContext context =
        EnvironmentContext.fromEnvironment(
            env(
                "MASSDRIVER_DEPLOYMENT_ID", "dep-123",
                "MASSDRIVER_TOKEN", "tok-very-secret",
                "MASSDRIVER_URL", "https://md.example.com",
                "MASSDRIVER_ORGANIZATION_ID", "acme",
                "MASSDRIVER_INSTANCE_ID", "api-prod-db",
                "MASSDRIVER_BUNDLE_NAME", "aws-rds",
                "MASSDRIVER_BUNDLE_VERSION", "1.2.3",
                "MASSDRIVER_PACKAGE_NAME", "api-prod-db-0a1b",
                "MASSDRIVER_PACKAGE_ID", "pkg-1",
                "MASSDRIVER_BUNDLE_ID", "bun-1",
                "MASSDRIVER_MANIFEST_ID", "man-1",
                "MASSDRIVER_BUNDLE_TYPE", "infrastructure",
                "MASSDRIVER_TARGET_MODE", "preview",
                "MASSDRIVER_ORGANIZATION_UUID", "0b6e2f1c-0000-4000-8000-000000000000",
                "MASSDRIVER_PROVISIONER", "noop",
                "TRACEPARENT", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "UNRELATED", "ignored"));

    assertThat(context.action()).isEqualTo(Action.PROVISION);
    assertThat(context.stepPath()).isEqualTo("src");
    assertThat(context.deploymentId()).contains("dep-123");
    assertThat(context.token()).contains(Secret.of("tok-very-secret"));
    assertThat(context.apiUrl()).hasToString("https://md.example.com");
    assertThat(context.organizationId()).contains("acme");
    assertThat(context.instanceId()).contains("api-prod-db");
    assertThat(context.bundleName()).contains("aws-rds");
    assertThat(context.bundleVersion()).contains("1.2.3");
    assertThat(context.variable("MASSDRIVER_PACKAGE_NAME")).contains("api-prod-db-0a1b");
    assertThat(context.variable("MASSDRIVER_PACKAGE_ID")).contains("pkg-1");
    assertThat(context.variable("MASSDRIVER_BUNDLE_ID")).contains("bun-1");
    assertThat(context.variable("MASSDRIVER_MANIFEST_ID")).contains("man-1");
    assertThat(context.variable("MASSDRIVER_BUNDLE_TYPE")).contains("infrastructure");
    assertThat(context.variable("MASSDRIVER_TARGET_MODE")).contains("preview");
    assertThat(context.variable("MASSDRIVER_ORGANIZATION_UUID"))
        .contains("0b6e2f1c-0000-4000-8000-000000000000");
    assertThat(context.provisionerName()).contains("noop");
    assertThat(context.traceparent()).isPresent();
    assertThat(context.variable("UNRELATED")).isEmpty();
  }

  @Test
  void theTokenIsNotAPlainVariable() {
    DeploymentContext context =
        EnvironmentContext.fromEnvironment(env("MASSDRIVER_TOKEN", "tok-very-secret"));

    assertThatThrownBy(() -> context.variable("MASSDRIVER_TOKEN"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token()")
        .hasMessageNotContaining("tok-very-secret");
  }

  @Test
  void missingOptionalVariablesAreEmptyAndTheUrlDefaults() {
    DeploymentContext context = EnvironmentContext.fromEnvironment(env());

    assertThat(context.deploymentId()).isEmpty();
    assertThat(context.token()).isEmpty();
    assertThat(context.organizationId()).isEmpty();
    assertThat(context.instanceId()).isEmpty();
    assertThat(context.bundleName()).isEmpty();
    assertThat(context.variable("MASSDRIVER_PACKAGE_NAME")).isEmpty();
    assertThat(context.apiUrl()).hasToString("https://api.massdriver.cloud");
  }

  @Test
  void blankVariablesCountAsUnset() {
    DeploymentContext context =
        EnvironmentContext.fromEnvironment(
            env("MASSDRIVER_INSTANCE_ID", "  ", "MASSDRIVER_URL", "", "MASSDRIVER_TOKEN", " "));

    assertThat(context.instanceId()).isEmpty();
    assertThat(context.token()).isEmpty();
    assertThat(context.apiUrl()).hasToString(EnvironmentContext.DEFAULT_API_URL);
  }

  static Stream<Arguments> apiUrls() {
    return Stream.of(
        Arguments.of("no trailing slash", "https://md.example.com", "https://md.example.com"),
        Arguments.of("one trailing slash", "https://md.example.com/", "https://md.example.com"),
        Arguments.of("several slashes", "https://md.example.com///", "https://md.example.com"),
        Arguments.of("path kept", "http://127.0.0.1:8080/api/", "http://127.0.0.1:8080/api"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apiUrls")
  void apiUrlIsNormalised(String reason, String raw, String expected) {
    assertThat(EnvironmentContext.fromEnvironment(env("MASSDRIVER_URL", raw)).apiUrl())
        .hasToString(expected);
  }

  @Test
  void nonHttpApiUrlIsAnInputError() {
    assertThatThrownBy(
            () -> EnvironmentContext.fromEnvironment(env("MASSDRIVER_URL", "ftp://example.com")))
        .isInstanceOfSatisfying(
            ProvisionerException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageContaining("MASSDRIVER_URL");
  }

  static Stream<Arguments> instanceIds() {
    return Stream.of(
        Arguments.of("instance id wins", "api-prod-db", "api-prod-db-zzzz", "api-prod-db"),
        Arguments.of("package name suffix stripped", null, "ecomm-prod-api-0000", "ecomm-prod-api"),
        Arguments.of("alphanumeric suffix stripped", null, "api-prod-db-a1b2", "api-prod-db"),
        Arguments.of("no suffix kept whole", null, "standalone", "standalone"),
        Arguments.of("five-char tail kept", null, "api-prod-abcde", "api-prod-abcde"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("instanceIds")
  void instanceIdFallsBackToPackageNameWithoutSuffix(
      String reason, String instanceId, String packageName, String expected) {
    DeploymentContext context =
        EnvironmentContext.fromEnvironment(
            env("MASSDRIVER_INSTANCE_ID", instanceId, "MASSDRIVER_PACKAGE_NAME", packageName));
    assertThat(context.instanceId()).contains(expected);
  }

  @Test
  void organizationIdFallsBackToOrgId() {
    assertThat(
            EnvironmentContext.fromEnvironment(env("MASSDRIVER_ORG_ID", "acme")).organizationId())
        .contains("acme");
  }

  static Stream<Arguments> badActions() {
    return Stream.of(
        Arguments.of("missing", null, "MASSDRIVER_DEPLOYMENT_ACTION is not set"),
        Arguments.of("unknown", "apply", "unknown action 'apply'"),
        Arguments.of("wrong case", "Plan", "unknown action 'Plan'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badActions")
  void badActionIsAnInputErrorListingTheValidOnes(String reason, String action, String message) {
    assertThatThrownBy(
            () -> EnvironmentContext.fromEnvironment(env("MASSDRIVER_DEPLOYMENT_ACTION", action)))
        .isInstanceOfSatisfying(
            ProvisionerException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageContaining(message)
        .hasMessageContaining("plan, provision, decommission");
  }

  @ParameterizedTest(name = "step path {0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"../etc", "a/b", ".", "-x", "/src"})
  void stepPathMustBeASingleDirectoryName(String stepPath) {
    assertThatThrownBy(
            () -> EnvironmentContext.fromEnvironment(env("MASSDRIVER_STEP_PATH", stepPath)))
        .isInstanceOf(ProvisionerException.class)
        .hasMessageContaining("MASSDRIVER_STEP_PATH");
  }

  @Test
  void missingStepPathIsAnInputError() {
    assertThatThrownBy(() -> EnvironmentContext.fromEnvironment(env("MASSDRIVER_STEP_PATH", null)))
        .isInstanceOf(ProvisionerException.class)
        .hasMessageContaining("MASSDRIVER_STEP_PATH is not set");
  }

  @Test
  void toStringNeverShowsTheToken() {
    DeploymentContext context =
        EnvironmentContext.fromEnvironment(env("MASSDRIVER_TOKEN", "tok-very-secret"));
    assertThat(context.toString()).doesNotContain("tok-very-secret");
    assertThat(context.token().orElseThrow().toString()).isEqualTo("Secret[***]");
  }
}
