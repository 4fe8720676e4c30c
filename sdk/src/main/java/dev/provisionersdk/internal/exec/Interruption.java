package dev.provisionersdk.internal.exec;

import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import java.time.Duration;

/**
 * Why work was stopped from outside: a timeout ({@link ExitCode#TIMEOUT}), termination ({@link
 * ExitCode#TERMINATED}), or an interrupt from the handler's own code. Carries the exit code like
 * any {@link ProvisionerException}.
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
   * Work stopped because the handler or task around it timed out.
   *
   * @param what the work: a command, task or pause
   * @return the exception, exit code 124
   */
  public static Interruption enclosingTimeout(String what) {
    return new Interruption(
        ExitCode.TIMEOUT, what + " was stopped: the handler or task around it timed out");
  }

  /**
   * A command stopped because the thread waiting for it was interrupted by the handler's own code.
   *
   * @param what the command
   * @return the exception, exit code 1
   */
  public static Interruption interrupted(String what) {
    return new Interruption(
        ExitCode.HANDLER_FAILED, what + " was stopped: the thread waiting for it was interrupted");
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
