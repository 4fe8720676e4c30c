package dev.provisionersdk;

/**
 * The SDK's one unchecked exception type: a failure that carries the exit code the provisioner
 * should end with.
 *
 * <p>Handlers may throw it to choose the exit code, for example to pass a wrapped tool's exit code
 * through: {@code throw ProvisionerException.withExitCode(3, "pulumi up failed")}. Any other
 * exception from a handler ends the provisioner with {@link ExitCode#HANDLER_FAILED}.
 *
 * <p>What kind of failure it is comes from how it was made, never from its exit code: only {@link
 * #invalidInput(String)} is bad input, whatever code a tool or a handler chooses, so a wrapped tool
 * that exits 2 is neither reported as bad input nor exempt from retries.
 *
 * <p>Messages are printed, masked, on standard error. Never put a secret value in one anyway.
 */
public class ProvisionerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The exit code; read by the runtime's single exception-to-exit-code mapping. */
  private final int exitCode;

  /** Whether {@link #invalidInput(String)} made it: the kind, apart from the code. */
  private final boolean invalidInput;

  /**
   * Creates an exception with an explicit exit code.
   *
   * @param exitCode the exit code, 1 to 255
   * @param message what failed and what to do next
   * @param cause the underlying failure, or {@code null}
   * @throws IllegalArgumentException if {@code exitCode} is not between 1 and 255
   */
  protected ProvisionerException(int exitCode, String message, Throwable cause) {
    this(exitCode, message, cause, false);
  }

  private ProvisionerException(
      int exitCode, String message, Throwable cause, boolean invalidInput) {
    super(message, cause);
    this.invalidInput = invalidInput;
    if (exitCode < 1 || exitCode > 255) {
      throw new IllegalArgumentException("exit code must be between 1 and 255, was " + exitCode);
    }
    this.exitCode = exitCode;
  }

  /**
   * A failure of bad input: it ends the provisioner with {@link ExitCode#INVALID_INPUT} and no
   * stack trace.
   *
   * @param message names the input, the problem and the fix
   * @return the exception
   */
  public static ProvisionerException invalidInput(String message) {
    return new ProvisionerException(ExitCode.INVALID_INPUT, message, null, true);
  }

  /**
   * A failure that ends the provisioner with the given exit code, for example a tool's own. It is
   * an ordinary failure whatever the code: retried by default, reported with its stack trace (code
   * 2 does not make it bad input; use {@link #invalidInput(String)} for that).
   *
   * @param exitCode the exit code, 1 to 255
   * @param message what failed
   * @return the exception
   * @throws IllegalArgumentException if {@code exitCode} is not between 1 and 255
   */
  public static ProvisionerException withExitCode(int exitCode, String message) {
    return new ProvisionerException(exitCode, message, null);
  }

  /**
   * Like {@link #withExitCode(int, String)}, keeping the underlying failure as the cause.
   *
   * @param exitCode the exit code, 1 to 255
   * @param message what failed
   * @param cause the underlying failure
   * @return the exception
   */
  public static ProvisionerException withExitCode(int exitCode, String message, Throwable cause) {
    return new ProvisionerException(exitCode, message, cause);
  }

  /**
   * Returns the exit code the provisioner ends with when this exception escapes a handler.
   *
   * @return 1 to 255
   */
  public int exitCode() {
    return exitCode;
  }

  /**
   * Returns whether this failure is about bad input, which the runtime reports without a stack
   * trace and {@link Controls} do not retry by default.
   *
   * @return {@code true} when made by {@link #invalidInput(String)}; {@code false} for every other
   *     failure, such as a tool's exit code 2 or {@code withExitCode(2, ...)}
   */
  public boolean isInvalidInput() {
    return invalidInput;
  }
}
