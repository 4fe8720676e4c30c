package dev.provisionersdk;

/**
 * Cleans up after a handler or task that failed for good: after its last attempt failed, after it
 * timed out, or when the provisioner is terminated. Runs once, under its own deadline ({@link
 * Controls.Builder#cleanupTimeout}, and within the grace period on termination).
 *
 * <p>If the cleanup throws or times out, the run still fails with the original failure, and the
 * cleanup's failure is reported with it.
 */
@FunctionalInterface
public interface Cleanup {
  /**
   * Cleans up.
   *
   * @param request the run's request
   * @param failure why the handler or task failed
   * @throws Exception when the cleanup itself fails
   */
  void cleanUp(Request request, Throwable failure) throws Exception;
}
