package dev.provisionersdk;

/**
 * Runs the {@code provision} action: creates or updates infrastructure.
 *
 * <p>What the runtime does with each outcome: a normal return ends the provisioner with {@link
 * ExitCode#OK}; a {@link ProvisionerException} ends it with that exception's {@link
 * ProvisionerException#exitCode()}; any other exception prints its message and stack trace (masked)
 * on standard error and ends it with {@link ExitCode#HANDLER_FAILED}. Massdriver does not roll back
 * a failed provision, so leave infrastructure in a state a re-run can converge from.
 */
@FunctionalInterface
public interface ProvisionHandler {
  /**
   * Provisions the deployment.
   *
   * @param request the deployment's context and inputs
   * @throws Exception to fail the action, see the interface documentation
   */
  void provision(Request request) throws Exception;
}
