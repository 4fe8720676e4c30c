package dev.provisionersdk.internal.testkit;

import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Request;
import dev.provisionersdk.internal.EnvironmentContext;
import dev.provisionersdk.internal.Json;
import dev.provisionersdk.internal.LoadedRequest;
import dev.provisionersdk.internal.LocalInputs;
import dev.provisionersdk.internal.redact.Redactor;
import dev.provisionersdk.internal.resources.ConfigBlock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code provisioner-sdk-testing} may use of the implementation, and nothing more, so that the
 * rest of {@code internal} can change without breaking the test kit. Stateless and thread-safe.
 */
public final class TestKitAccess {
  /** Values shorter than this are not masked; the test kit does not expect them to be. */
  public static final int MINIMUM_SECRET_LENGTH = Redactor.MINIMUM_LENGTH;

  private TestKitAccess() {}

  /**
   * Loads a request from an input directory, as the runtime does before calling a handler, but
   * outside a run: output is not masked and resources are only logged, never sent.
   *
   * @param environment the run's {@code MASSDRIVER_*} variables
   * @param processEnvironment the environment commands run with
   * @param inputDirectory the directory holding the five input files and {@code bundle/}
   * @return the request
   * @throws dev.provisionersdk.ProvisionerException with exit code 2 for bad input
   */
  public static Request request(
      Map<String, String> environment,
      Map<String, String> processEnvironment,
      Path inputDirectory) {
    return LoadedRequest.load(
        EnvironmentContext.fromEnvironment(environment),
        processEnvironment,
        inputDirectory,
        new Json(),
        new Redactor());
  }

  /**
   * Writes {@code config.json} compiled from the step's config block in {@code
   * bundle/massdriver.yaml}, as the local runner does, when the directory has none.
   *
   * @param inputDirectory the directory holding the input files and {@code bundle/}
   * @param step the step path
   * @return whether a config was compiled and written
   * @throws ProvisionerException with exit code 2 listing every broken field of the block
   */
  public static boolean compileConfig(Path inputDirectory, String step) {
    Path file = inputDirectory.resolve("config.json");
    if (Files.exists(file)) {
      return false;
    }
    Optional<ConfigBlock> block = ConfigBlock.read(inputDirectory.resolve("bundle"), step);
    if (block.isEmpty()) {
      return false;
    }
    String config = ConfigBlock.write(block.get().compileOrFail(inputDirectory));
    try {
      Files.writeString(file, config + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return true;
  }

  /**
   * Deletes a run directory the test kit made, with everything below it.
   *
   * @param root the directory
   * @throws UncheckedIOException when something cannot be deleted
   */
  public static void deleteTree(Path root) {
    try {
      LocalInputs.deleteTree(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete test directory " + root, e);
    }
  }
}
