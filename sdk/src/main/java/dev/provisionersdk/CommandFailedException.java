package dev.provisionersdk;

import java.util.List;

/**
 * A {@link Command} exited with a code it does not accept, or timed out. Its {@link #exitCode()} is
 * the tool's own exit code ({@link ExitCode#TIMEOUT} for a timeout), so a handler that lets it
 * escape ends the provisioner with the tool's code. The message names the command and quotes the
 * last lines of its standard error, masked.
 *
 * <p>The tool's code is only passed through; it never says what kind of failure this is. A tool
 * that exits 2 is not bad input ({@link #isInvalidInput()} is {@code false}) and is retried by
 * default like any failure; a tool that exits 124 is not a timeout ({@link #isTimeout()} is {@code
 * false}). The runtime's error line says "the tool's own" next to such a code. To retry on some of
 * a tool's codes only, use {@link Controls#commandExitedWith(int...)}.
 */
public final class CommandFailedException extends ProvisionerException {
  private static final long serialVersionUID = 1L;

  /** The argument list; never holds secrets, which travel in the environment. */
  @SuppressWarnings("serial") // List.copyOf returns a serializable list
  private final List<String> command;

  /** The masked end of the tool's standard error. */
  private final String stderrTail;

  /** Whether the command ran past its timeout rather than exiting with a code it rejects. */
  private final boolean timedOut;

  private CommandFailedException(
      int exitCode, String message, List<String> command, String stderrTail, boolean timedOut) {
    super(exitCode, message, null);
    this.command = List.copyOf(command);
    this.stderrTail = stderrTail;
    this.timedOut = timedOut;
  }

  /**
   * Creates the failure of a command that exited with a code it does not accept.
   *
   * @param command the command's arguments, with any secret already masked
   * @param toolExitCode the tool's exit code; codes outside 1–255 are reported as 1
   * @param stderrTail the masked last lines of standard error
   * @return the exception
   */
  public static CommandFailedException exited(
      List<String> command, int toolExitCode, String stderrTail) {
    int code = toolExitCode >= 1 && toolExitCode <= 255 ? toolExitCode : ExitCode.HANDLER_FAILED;
    return new CommandFailedException(
        code,
        "`"
            + String.join(" ", command)
            + "` exited with "
            + toolExitCode
            + tailForMessage(stderrTail),
        command,
        stderrTail,
        false);
  }

  /**
   * Creates the failure of a command that ran past its timeout and was stopped. The runtime logs
   * the timeout itself when it stops the command's processes.
   *
   * @param command the command's arguments, with any secret already masked
   * @param stderrTail the masked last lines of standard error
   * @return the exception, with {@link ExitCode#TIMEOUT}
   */
  public static CommandFailedException timedOut(List<String> command, String stderrTail) {
    return new CommandFailedException(
        ExitCode.TIMEOUT,
        "`"
            + String.join(" ", command)
            + "` timed out and was stopped"
            + tailForMessage(stderrTail),
        command,
        stderrTail,
        true);
  }

  private static String tailForMessage(String tail) {
    return tail.isBlank() ? "" : "; last lines of its stderr:\n" + tail.stripTrailing();
  }

  /**
   * Returns the command's arguments.
   *
   * @return an unmodifiable list
   */
  public List<String> command() {
    return command;
  }

  /**
   * Returns the last lines of the tool's standard error, masked.
   *
   * @return the text, possibly empty
   */
  public String stderrTail() {
    return stderrTail;
  }

  /**
   * Returns whether the command was stopped by its timeout.
   *
   * @return {@code true} for a timeout
   */
  public boolean isTimeout() {
    return timedOut;
  }
}
