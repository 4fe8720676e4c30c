package dev.provisionersdk;

/**
 * Runs the {@code decommission} action: tears infrastructure down.
 *
 * <p>What the runtime does with each outcome: a normal return ends the provisioner with {@link
 * ExitCode#OK}; a {@link ProvisionerException} ends it with that exception's {@link
 * ProvisionerException#exitCode()}; any other exception prints its message and stack trace (masked)
 * on standard error and ends it with {@link ExitCode#HANDLER_FAILED}. Decommission may be retried
 * after a partial failure, so treat "already gone" as success.
 */
@FunctionalInterface
public interface DecommissionHandler {
  /**
   * Decommissions the deployment.
   *
   * @param request the deployment's context and inputs
   * @throws Exception to fail the action, see the interface documentation
   */
  void decommission(Request request) throws Exception;
}
