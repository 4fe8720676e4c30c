package dev.provisionersdk.internal.testkit;

import dev.provisionersdk.DeploymentContext;
import dev.provisionersdk.Request;
import dev.provisionersdk.internal.Json;
import dev.provisionersdk.internal.LoadedRequest;
import dev.provisionersdk.internal.redact.Redactor;
import java.nio.file.Path;
import java.util.Map;

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
        DeploymentContext.fromEnvironment(environment),
        processEnvironment,
        inputDirectory,
        new Json(),
        new Redactor());
  }
}
