package dev.provisionersdk;

/**
 * Runs the {@code plan} action: shows what {@code provision} would change, without changing
 * infrastructure or publishing resources.
 *
 * <p>What the runtime does with each outcome: a normal return ends the provisioner with {@link
 * ExitCode#OK}; a {@link ProvisionerException} ends it with that exception's {@link
 * ProvisionerException#exitCode()}; any other exception prints its message and stack trace (masked)
 * on standard error and ends it with {@link ExitCode#HANDLER_FAILED}.
 */
@FunctionalInterface
public interface PlanHandler {
  /**
   * Plans the deployment.
   *
   * @param request the deployment's context and inputs
   * @throws Exception to fail the action, see the interface documentation
   */
  void plan(Request request) throws Exception;
}
