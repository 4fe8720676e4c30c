package dev.provisionersdk.internal.exec;

import dev.provisionersdk.Command;
import dev.provisionersdk.CommandFailedException;
import dev.provisionersdk.CommandResult;
import dev.provisionersdk.CommandRunner;
import dev.provisionersdk.Secret;
import dev.provisionersdk.internal.redact.Redactor;
import java.util.List;

/**
 * A provisioner's own {@link CommandRunner} (a scripted one in tests) held to what the process
 * runner promises about secrets: the command's secrets are registered before it runs, and the
 * stderr tail it returns or puts in its failure is masked, as {@link ProcessCommandRunner} masks
 * them. The captured standard output is the provisioner's data and stays as it is.
 *
 * <p>Thread-safe when the runner it wraps is.
 */
public final class MaskedCommandRunner implements CommandRunner {
  private final CommandRunner runner;
  private final Redactor redactor;

  /**
   * Wraps a runner.
   *
   * @param runner the provisioner's runner
   * @param redactor the run's masking
   */
  public MaskedCommandRunner(CommandRunner runner, Redactor redactor) {
    this.runner = runner;
    this.redactor = redactor;
  }

  @Override
  public CommandResult run(Command command) {
    for (Secret secret : command.secrets()) {
      redactor.register(secret.reveal());
    }
    CommandResult result;
    try {
      result = runner.run(command);
    } catch (CommandFailedException failure) {
      List<String> arguments = failure.command().stream().map(redactor::redact).toList();
      String tail = redactor.redact(failure.stderrTail());
      if (arguments.equals(failure.command()) && tail.equals(failure.stderrTail())) {
        throw failure;
      }
      // Rebuilt with the masked text; a tool code outside 1-255 is reported as the exit code.
      CommandFailedException masked =
          failure.isTimeout()
              ? CommandFailedException.timedOut(arguments, tail)
              : CommandFailedException.exited(arguments, failure.exitCode(), tail);
      masked.setStackTrace(failure.getStackTrace());
      throw masked;
    }
    return CommandResult.of(
        result.exitCode(),
        result.stdout(),
        redactor.redact(result.stderrTail()),
        result.duration());
  }
}
