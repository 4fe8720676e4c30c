package dev.provisionersdk;

/**
 * Runs {@link Command}s. The runtime's runner starts real processes; tests can give the
 * provisioner's builder ({@code Provisioner.Builder.commandRunner}) a scripted one that returns
 * results without running anything.
 *
 * <p>Implementations must be thread-safe: tasks may run commands concurrently.
 */
@FunctionalInterface
public interface CommandRunner {
  /**
   * Runs a command to completion.
   *
   * @param command the command
   * @return the result, for an accepted exit code
   * @throws CommandFailedException when the command exits with a code it does not accept or times
   *     out
   */
  CommandResult run(Command command);
}
