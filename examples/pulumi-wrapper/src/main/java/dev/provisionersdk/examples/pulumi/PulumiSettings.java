package dev.provisionersdk.examples.pulumi;

import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wrapper's settings, read from the step's {@code config.json}.
 *
 * @param backendUrl where Pulumi keeps state ({@code backend_url}; a relative {@code file://} path
 *     is resolved against the input directory)
 * @param stack the stack's name ({@code stack}, default {@code <name_prefix>-<step>})
 * @param refresh refresh state before preview, up and destroy ({@code refresh}, default false)
 * @param skipPreview pass {@code --skip-preview} to {@code up} ({@code skip_preview}, default
 *     false)
 * @param removeStack remove the stack after destroy ({@code remove_stack_on_decommission}, default
 *     true)
 * @param color let Pulumi colour its output ({@code color}, default false)
 * @param secretEnvironment environment variable to secret name ({@code secret_env}), for cloud
 *     credentials the program needs
 */
record PulumiSettings(
    String backendUrl,
    String stack,
    boolean refresh,
    boolean skipPreview,
    boolean removeStack,
    boolean color,
    Map<String, String> secretEnvironment) {

  static PulumiSettings from(Request request) {
    String backend = request.config("backend_url", String.class).orElse("");
    if (backend.isBlank()) {
      throw ProvisionerException.invalidInput(
          "config.json $.backend_url is not set: give the step's config a Pulumi backend, e.g."
              + " s3://bucket/prefix, gs://bucket, azblob://container, https://api.pulumi.com, or"
              + " file://state for a local run");
    }
    String stack =
        request.config(
            "stack",
            String.class,
            request.metadata().namePrefix().or(() -> request.context().instanceId()).orElse("local")
                + "-"
                + request.context().stepPath());
    @SuppressWarnings("unchecked")
    Map<String, String> secretEnvironment = request.config("secret_env", Map.class, Map.of());
    return new PulumiSettings(
        resolveBackend(backend.trim(), request.inputDirectory()),
        stack.replaceAll("[^A-Za-z0-9_.-]", "-"),
        request.config("refresh", Boolean.class, false),
        request.config("skip_preview", Boolean.class, false),
        request.config("remove_stack_on_decommission", Boolean.class, true),
        request.config("color", Boolean.class, false),
        new LinkedHashMap<>(secretEnvironment));
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
