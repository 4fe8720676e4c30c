package dev.provisionersdk.internal.exec;

import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import java.time.Duration;

/**
 * Why work was stopped from outside: a timeout ({@link ExitCode#TIMEOUT}) or termination ({@link
 * ExitCode#TERMINATED}). Carries the exit code like any {@link ProvisionerException}.
 */
public final class Interruption extends ProvisionerException {
  private static final long serialVersionUID = 1L;

  private Interruption(int exitCode, String message) {
    super(exitCode, message, null);
  }

  /**
   * Work that ran past its timeout.
   *
   * @param what the handler or task
   * @param timeout its timeout
   * @return the exception, exit code 124
   */
  public static Interruption timeout(String what, Duration timeout) {
    return new Interruption(
        ExitCode.TIMEOUT,
        what
            + " timed out after "
            + Durations.format(timeout)
            + " and was stopped — raise execution.timeout in the step's config if it needs longer");
  }

  /**
   * Work stopped because the provisioner was terminated.
   *
   * @param what the handler or task
   * @return the exception, exit code 143
   */
  public static Interruption terminated(String what) {
    return new Interruption(
        ExitCode.TERMINATED, what + " was stopped: the provisioner received SIGTERM");
  }

  /**
   * Returns whether this is a termination rather than a timeout.
   *
   * @return {@code true} for termination
   */
  public boolean isTermination() {
    return exitCode() == ExitCode.TERMINATED;
  }
}
