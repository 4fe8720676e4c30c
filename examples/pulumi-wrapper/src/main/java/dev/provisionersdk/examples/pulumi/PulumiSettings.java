package dev.provisionersdk.examples.pulumi;

import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The wrapper's settings, read from the step's {@code config.json} and checked before any {@code
 * pulumi} command runs.
 *
 * @param backendUrl where Pulumi keeps state ({@code backend_url}; a relative {@code file://} path
 *     is resolved against the input directory)
 * @param backend whether that is Pulumi Cloud or a self-managed backend
 * @param stack the stack's name ({@code stack}, default {@code <name_prefix>-<step>}); {@code
 *     org/project/stack} on Pulumi Cloud
 * @param secretsProvider {@code secrets_provider} for a new stack, empty for the backend's default
 * @param refresh refresh state before preview, up and destroy ({@code refresh}, default false)
 * @param skipPreview pass {@code --skip-preview} to {@code up} ({@code skip_preview}, default
 *     false)
 * @param removeStack remove the stack after destroy ({@code remove_stack_on_decommission}, default
 *     true)
 * @param removeBackups remove a self-managed backend's state backups with the stack ({@code
 *     remove_backups_on_decommission}, default true)
 * @param color let Pulumi colour its output ({@code color}, default false)
 * @param secretEnvironment environment variable to secret name ({@code secret_env}), for cloud
 *     credentials the program needs
 */
record PulumiSettings(
    String backendUrl,
    Backend backend,
    String stack,
    String secretsProvider,
    boolean refresh,
    boolean skipPreview,
    boolean removeStack,
    boolean removeBackups,
    boolean color,
    Map<String, String> secretEnvironment) {

  /** Who keeps the state: Pulumi Cloud (or a self-hosted one), or the user's own storage. */
  enum Backend {
    /** {@code https://} or {@code http://}: Pulumi Cloud keeps state, secrets and the lock. */
    CLOUD,
    /** {@code s3://}, {@code gs://}, {@code azblob://}, {@code postgres://}, {@code file://}. */
    SELF_MANAGED
  }

  /** The backends whose state outlives the container, for messages. */
  static final String DURABLE_BACKENDS =
      "Pulumi Cloud (https://api.pulumi.com, or your self-hosted Pulumi Cloud's URL),"
          + " s3://bucket/prefix, azblob://container, gs://bucket or postgres://host/database";

  /** The secrets providers {@code pulumi stack select --secrets-provider} takes. */
  private static final List<String> SECRETS_PROVIDERS =
      List.of("default", "passphrase", "awskms", "azurekeyvault", "gcpkms", "hashivault");

  private static final String NAME = "[A-Za-z0-9_.-]+";
  private static final Pattern PLAIN_STACK = Pattern.compile(NAME);
  private static final Pattern QUALIFIED_STACK =
      Pattern.compile("(" + NAME + "/){0,2}" + NAME + "");

  /**
   * Reads and checks the settings.
   *
   * @param request the run
   * @param localRun whether the run came from the local runner's command line (a laptop or a test),
   *     where a {@code file://} backend is allowed
   * @return the settings
   * @throws ProvisionerException with exit code 2 for a missing, unknown or (outside a local run)
   *     {@code file://} backend, or a stack name the backend does not accept
   */
  static PulumiSettings from(Request request, boolean localRun) {
    String backendUrl = request.config("backend_url", String.class).orElse("").trim();
    Backend backend = backendOf(backendUrl, localRun);
    String stack = stackName(request, backend);
    String secretsProvider = request.config("secrets_provider", String.class).orElse("").trim();
    if (!secretsProvider.isEmpty()
        && !SECRETS_PROVIDERS.contains(secretsProvider.split(":", 2)[0])) {
      throw ProvisionerException.invalidInput(
          "config.json $.secrets_provider '"
              + secretsProvider
              + "' is not a Pulumi secrets provider: use one of default, passphrase, or a key URL"
              + " starting with awskms://, azurekeyvault://, gcpkms:// or hashivault://");
    }
    @SuppressWarnings("unchecked")
    Map<String, String> secretEnvironment = request.config("secret_env", Map.class, Map.of());
    return new PulumiSettings(
        resolveBackend(backendUrl, request.inputDirectory()),
        backend,
        stack,
        secretsProvider,
        request.config("refresh", Boolean.class, false),
        request.config("skip_preview", Boolean.class, false),
        request.config("remove_stack_on_decommission", Boolean.class, true),
        request.config("remove_backups_on_decommission", Boolean.class, true),
        request.config("color", Boolean.class, false),
        new LinkedHashMap<>(secretEnvironment));
  }

  /**
   * Whether the stack's secrets are encrypted with {@code PULUMI_CONFIG_PASSPHRASE}: the default of
   * a self-managed backend, or asked for on any backend.
   */
  boolean usesPassphrase() {
    boolean backendDefault = secretsProvider.isEmpty() || secretsProvider.equals("default");
    return secretsProvider.equals("passphrase")
        || (backend == Backend.SELF_MANAGED && backendDefault);
  }

  private static Backend backendOf(String url, boolean localRun) {
    if (url.isEmpty()) {
      throw ProvisionerException.invalidInput(
          "config.json $.backend_url is not set: give the step's config a durable Pulumi backend: "
              + DURABLE_BACKENDS
              + " (file://<path> is for local runs)");
    }
    String scheme = url.contains("://") ? url.substring(0, url.indexOf("://")) : "";
    switch (scheme.toLowerCase(Locale.ROOT)) {
      case "https":
      case "http":
        return Backend.CLOUD;
      case "s3":
      case "gs":
      case "azblob":
      case "postgres":
        return Backend.SELF_MANAGED;
      case "file":
        if (!localRun) {
          throw ProvisionerException.invalidInput(
              "config.json $.backend_url '"
                  + url
                  + "' keeps the Pulumi state inside the container, and nothing there outlives the"
                  + " run: the next provision would create every resource again and decommission"
                  + " would destroy nothing. Use a durable backend: "
                  + DURABLE_BACKENDS
                  + ". A file:// backend is for local runs and tests only.");
        }
        return Backend.SELF_MANAGED;
      default:
        throw ProvisionerException.invalidInput(
            "config.json $.backend_url has no Pulumi backend scheme: expected "
                + DURABLE_BACKENDS
                + ", or file://<path> for a local run");
    }
  }

  /**
   * The configured stack name, checked for the backend, or a default built from the instance.
   * Pulumi Cloud takes {@code stack}, {@code project/stack} or {@code org/project/stack}; a
   * self-managed backend takes a plain name (the project comes from {@code Pulumi.yaml}).
   */
  private static String stackName(Request request, Backend backend) {
    String configured = request.config("stack", String.class).orElse("").trim();
    if (configured.isEmpty()) {
      String prefix =
          request.metadata().namePrefix().or(() -> request.context().instanceId()).orElse("local");
      return (prefix + "-" + request.context().stepPath()).replaceAll("[^A-Za-z0-9_.-]", "-");
    }
    if (backend == Backend.CLOUD && !QUALIFIED_STACK.matcher(configured).matches()) {
      throw ProvisionerException.invalidInput(
          "config.json $.stack '"
              + configured
              + "' is not a Pulumi Cloud stack name: use stack, project/stack or org/project/stack,"
              + " each part made of letters, digits, '_', '.' and '-'");
    }
    if (backend == Backend.SELF_MANAGED && !PLAIN_STACK.matcher(configured).matches()) {
      throw ProvisionerException.invalidInput(
          "config.json $.stack '"
              + configured
              + "' is not a stack name for a self-managed backend: use letters, digits, '_', '.'"
              + " and '-' only (the project comes from Pulumi.yaml; org/project/stack is for"
              + " Pulumi Cloud)");
    }
    return configured;
  }

  /** A relative {@code file://} backend lives under the (writable) input directory. */
  private static String resolveBackend(String backend, Path inputDirectory) {
    if (!backend.startsWith("file://")) {
      return backend;
    }
    String path = backend.substring("file://".length());
    if (path.startsWith("/") || path.startsWith("~")) {
      return backend;
    }
    Path directory = inputDirectory.resolve(path).normalize();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Pulumi state directory " + directory, e);
    }
    return "file://" + directory;
  }
}
