package dev.provisionersdk.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.internal.redact.Redactor;
import dev.provisionersdk.internal.resources.ConfigBlock;
import dev.provisionersdk.internal.resources.InputSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a local run does before the shared code path, so that it sees what the platform would hand a
 * container: a fresh copy of the inputs directory (the platform starts every run with a fresh
 * {@code /massdriver}; the sample stays untouched), {@code config.json} compiled from the step's
 * {@code config} block in {@code massdriver.yaml} when the directory has none (or when asked),
 * explicit overrides applied on top, and params and connections checked against the bundle's
 * schemas. Never used in a container.
 *
 * <p>Not thread-safe: one instance per local run.
 */
public final class LocalInputs {
  private static final Logger LOG = LoggerFactory.getLogger("dev.provisionersdk");

  /**
   * How the local runner prepares its inputs.
   *
   * @param source the inputs directory given on the command line
   * @param step the step path
   * @param compileConfig compile {@code config.json} even when the directory has one
   * @param configOverrides dotted key path to value (JSON, or text when it is not JSON), applied
   *     over the config in order
   * @param keepWorkDirectory keep the working copy after the run
   * @param inPlace run in {@code source} itself, without a copy (a compiled {@code config.json} is
   *     written there)
   */
  record Settings(
      Path source,
      String step,
      boolean compileConfig,
      Map<String, String> configOverrides,
      boolean keepWorkDirectory,
      boolean inPlace) {}

  private final Settings settings;
  private Path workDirectory;

  LocalInputs(Settings settings) {
    this.settings = settings;
  }

  /**
   * Copies the inputs into a fresh directory and prepares it.
   *
   * @param json the parser
   * @param redactor receives the secrets and sensitive fields before anything is printed
   * @return the working copy
   * @throws ProvisionerException with exit code 2 when the inputs directory is missing, the config
   *     block has a broken field, an override is malformed, or params or connections violate the
   *     bundle's schemas
   */
  Path prepare(Json json, Redactor redactor) {
    Path source = settings.source();
    if (!Files.isDirectory(source)) {
      throw ProvisionerException.invalidInput(
          "inputs directory "
              + source
              + " does not exist — pass --inputs with a directory laid out like /massdriver");
    }
    if (settings.inPlace()) {
      workDirectory = source;
      LOG.info("local run in {} itself (--in-place): the run writes into it", source);
    } else {
      copy(source);
    }
    // Registers secrets and sensitive fields before anything below can print.
    Inputs inputs = Inputs.load(workDirectory, json, redactor, false);
    checkSchemas(
        workDirectory.resolve("bundle"),
        inputs.tree(InputFile.PARAMS),
        inputs.tree(InputFile.CONNECTIONS),
        json);
    boolean hasFile = Files.exists(workDirectory.resolve(InputFile.CONFIG.fileName()));
    if (hasFile && !settings.compileConfig() && settings.configOverrides().isEmpty()) {
      LOG.debug(
          "config.json read from the inputs directory (--compile-config compiles it from the"
              + " bundle instead)");
      return workDirectory;
    }
    ObjectNode config =
        hasFile && !settings.compileConfig()
            ? inputs.tree(InputFile.CONFIG).deepCopy()
            : compiled(hasFile);
    settings.configOverrides().forEach((path, value) -> override(config, path, value, json));
    write(workDirectory.resolve(InputFile.CONFIG.fileName()), ConfigBlock.write(config));
    return workDirectory;
  }

  private void copy(Path source) {
    try {
      workDirectory = Files.createTempDirectory("provisioner-run-");
      copyTree(source, workDirectory);
    } catch (IOException e) {
      throw ProvisionerException.invalidInput(
          "cannot copy the inputs directory "
              + source
              + " into a working copy ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + ") — make java.io.tmpdir a writable directory, or pass --in-place to run in the"
              + " inputs directory itself");
    }
    LOG.info(
        "local run in a fresh copy of {}: {} ({})",
        source,
        workDirectory,
        settings.keepWorkDirectory()
            ? "kept after the run"
            : "deleted after the run; --keep-work-dir keeps it");
  }

  /** Deletes the working copy unless it is to be kept. */
  void finish() {
    if (workDirectory == null || settings.inPlace()) {
      return;
    }
    if (settings.keepWorkDirectory()) {
      LOG.info("the run's working copy is kept: {}", workDirectory);
      return;
    }
    try {
      deleteTree(workDirectory);
    } catch (IOException e) {
      LOG.warn(
          "cannot delete the run's working copy {} ({}) — delete it yourself",
          workDirectory,
          e.getClass().getSimpleName());
    }
  }

  private ObjectNode compiled(boolean replacesFile) {
    Optional<ConfigBlock> block =
        ConfigBlock.read(workDirectory.resolve("bundle"), settings.step());
    if (block.isEmpty()) {
      LOG.debug(
          "config.json: {} step {} in bundle/massdriver.yaml has no config block; using {{}}",
          replacesFile ? "ignored;" : "absent;",
          settings.step());
      return JsonNodeFactory.instance.objectNode();
    }
    ObjectNode config = block.get().compileOrFail(workDirectory);
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "config.json compiled from bundle/massdriver.yaml step {}: {}",
          settings.step(),
          ConfigBlock.write(config));
    }
    return config;
  }

  private static void checkSchemas(
      Path bundleDirectory, JsonNode params, JsonNode connections, Json json) {
    if (!InputSchemas.validatorPresent()) {
      LOG.warn(
          "params.json and connections.json not checked against the bundle's schemas:"
              + " com.networknt:json-schema-validator is not on the class path");
      return;
    }
    InputSchemas.Report report =
        InputSchemas.check(bundleDirectory, params, connections, json.mapper());
    report.notChecked().forEach(finding -> LOG.info("not checked: {}", finding));
    List<InputSchemas.Finding> violations = report.violations();
    if (!violations.isEmpty()) {
      StringBuilder message =
          new StringBuilder("the inputs violate the bundle's schemas (the platform would refuse")
              .append(" this deployment):");
      violations.forEach(finding -> message.append("\n  ").append(finding));
      throw ProvisionerException.invalidInput(message.toString());
    }
  }

  /** Sets {@code path} (dotted keys) in the config to a JSON value, or text when it is not JSON. */
  static void override(ObjectNode config, String path, String value, Json json) {
    JsonNode parsed;
    try {
      parsed = json.mapper().readTree(value);
      if (parsed == null || parsed.isMissingNode()) {
        parsed = JsonNodeFactory.instance.textNode(value);
      }
    } catch (JsonProcessingException e) {
      parsed = JsonNodeFactory.instance.textNode(value);
    }
    String[] keys = path.split("\\.", -1);
    ObjectNode node = config;
    for (int i = 0; i < keys.length - 1; i++) {
      JsonNode child = node.get(keys[i]);
      if (child == null || !child.isObject()) {
        child = node.putObject(keys[i]);
      }
      node = (ObjectNode) child;
    }
    if (keys[keys.length - 1].isEmpty()) {
      throw ProvisionerException.invalidInput(
          "--config-set " + path + ": the key path must not be empty or end with '.'");
    }
    node.set(keys[keys.length - 1], parsed);
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw ProvisionerException.invalidInput(
          "cannot write " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Copies a tree; file permissions are kept (a step's scripts stay executable), symbolic links to
   * regular files are copied as files, anything else is linked.
   *
   * @param source the directory to copy
   * @param target where the copy goes; created as needed
   * @throws IOException when a file cannot be read or written
   */
  public static void copyTree(Path source, Path target) throws IOException {
    Files.walkFileTree(
        source,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(target.resolve(source.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Path copy = target.resolve(source.relativize(file).toString());
            if (Files.isRegularFile(file)) {
              Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
            } else {
              // A pipe, socket or device is not copied (reading a pipe would block): linked, so
              // the run refuses it by name as it would the original.
              Files.createSymbolicLink(copy, file.toAbsolutePath());
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /**
   * Deletes a directory and everything below it (the run's working copy; the test kit's run
   * directories, through {@code TestKitAccess}).
   *
   * @param root the directory
   * @throws IOException when something cannot be deleted
   */
  public static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
