package dev.provisionersdk.internal;

import dev.provisionersdk.Action;
import dev.provisionersdk.CommandFailedException;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.internal.exec.ControlledRun;
import dev.provisionersdk.internal.exec.Interruption;
import java.io.PrintStream;
import java.util.Optional;

/**
 * How each kind of failure is reported on standard error, with the exit code of {@link
 * ControlledRun#exitCode(Throwable)}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Failures {
  private Failures() {}

  /**
   * Reports a failure and returns its exit code. Input errors get one line and no stack trace;
   * every other failure gets its message and its stack trace. The stream is expected to mask.
   *
   * @param action the action that failed, or {@code null} when it is not known yet
   * @param failure the failure
   * @param err the (masking) standard error
   * @return the exit code
   */
  public static int report(Action action, Throwable failure, PrintStream err) {
    int code = ControlledRun.exitCode(failure);
    String what = action == null ? "provisioner" : action.wireName();
    Optional<String> exitCaller =
        failure instanceof Interruption && ((Interruption) failure).isTermination()
            ? ExitCall.caller()
            : Optional.empty();
    if (exitCaller.isPresent()) {
      // Not SIGTERM: the JVM exits with the status given to System.exit, not 143.
      err.println(
          "error: "
              + what
              + " stopped: System.exit was called (thread "
              + exitCaller.get()
              + ") while it ran, so its processes were stopped and the process exits with the"
              + " status given to System.exit — return from the handler, or throw a"
              + " ProvisionerException with the exit code, instead");
    } else if (failure instanceof ProvisionerException
        && ((ProvisionerException) failure).isInvalidInput()) {
      err.println("error: " + failure.getMessage());
    } else if (failure instanceof ProvisionerException) {
      err.println(
          "error: "
              + what
              + " failed (exit code "
              + code
              + toolsOwn(failure, code)
              + "): "
              + failure.getMessage());
      if (failure.getCause() != null) {
        failure.printStackTrace(err);
      }
    } else {
      err.println("error: " + what + " failed: " + describe(failure));
      failure.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /**
   * Says when the exit code is a tool's own, passed through, so that a tool's 2 or 124 does not
   * read as the SDK's bad input or timeout.
   */
  private static String toolsOwn(Throwable failure, int code) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof CommandFailedException) {
        CommandFailedException command = (CommandFailedException) cause;
        return command.exitCode() == code && !command.isTimeout() ? ", the tool's own" : "";
      }
    }
    return "";
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank()
        ? failure.getClass().getName()
        : failure.getClass().getSimpleName() + ": " + message;
  }
}
