package dev.provisionersdk.internal.exec;

import dev.provisionersdk.Command;
import dev.provisionersdk.CommandFailedException;
import dev.provisionersdk.CommandResult;
import dev.provisionersdk.CommandRunner;
import dev.provisionersdk.Secret;
import dev.provisionersdk.internal.redact.Redactor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Command}s as real processes: argument lists (no shell), the run's environment plus
 * the command's, the step directory by default, both pipes drained concurrently into the run's
 * masking streams, a timeout that stops the whole process tree, and the masked stderr tail in the
 * failure.
 *
 * <p>Thread-safe.
 */
public final class ProcessCommandRunner implements CommandRunner {
  private static final Logger LOG = LoggerFactory.getLogger("dev.provisionersdk");
  private static final long PIPE_DRAIN_MILLIS = 5_000;

  private final Supervisor supervisor;
  private final Redactor redactor;
  private final Map<String, String> environment;
  private final Path defaultDirectory;
  private final PrintStream out;
  private final PrintStream err;

  /**
   * Creates a runner.
   *
   * @param supervisor tracks the processes so timeouts and termination can stop them
   * @param redactor masks output and registers the commands' secrets
   * @param environment the provisioner's environment, the base of every child's
   * @param defaultDirectory the step directory
   * @param out the run's (masking) standard output
   * @param err the run's (masking) standard error
   */
  public ProcessCommandRunner(
      Supervisor supervisor,
      Redactor redactor,
      Map<String, String> environment,
      Path defaultDirectory,
      PrintStream out,
      PrintStream err) {
    this.supervisor = supervisor;
    this.redactor = redactor;
    this.environment = Map.copyOf(environment);
    this.defaultDirectory = defaultDirectory;
    this.out = out;
    this.err = err;
  }

  @Override
  public CommandResult run(Command command) {
    for (Secret secret : command.secrets()) {
      redactor.register(secret.reveal());
    }
    Scope scope = supervisor.currentScope();
    if (scope.isCancelled()) {
      throw stopped("`" + command.arguments().get(0) + "`");
    }
    ProcessBuilder builder = new ProcessBuilder(command.arguments());
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.environment().putAll(command.environment());
    // Inherited by everything the command starts, so it can be found however it forks.
    Map.Entry<String, String> mark = scope.newCommandMark();
    builder.environment().put(mark.getKey(), mark.getValue());
    builder.directory(command.directory().orElse(defaultDirectory).toFile());
    // Arguments should never hold secrets, but if one does, no message will show it.
    List<String> maskedArguments = command.arguments().stream().map(redactor::redact).toList();
    String name = "`" + String.join(" ", maskedArguments) + "`";
    LOG.info("running {}", String.join(" ", maskedArguments));
    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw CommandFailedException.exited(
          maskedArguments,
          127,
          "cannot start: "
              + redactor.redact(String.valueOf(e.getMessage()))
              + " — is the tool installed and on PATH?");
    }
    scope.add(process);
    try {
      if (scope.isCancelled()) {
        // Stopped while starting: stop what was just started.
        supervisor.stopCommand(name, mark.getValue(), process, supervisor.gracePeriod());
        throw stopped(name);
      }
      return await(command, maskedArguments, name, mark.getValue(), process, started);
    } finally {
      scope.remove(process);
    }
  }

  private CommandResult await(
      Command command,
      List<String> maskedArguments,
      String name,
      String mark,
      Process process,
      long started) {
    OutputPump stdout =
        new OutputPump(process.getInputStream(), out, command.capturesStdout(), null);
    OutputPump stderr = new OutputPump(process.getErrorStream(), err, false, redactor);
    Thread stdoutThread = daemon(stdout, "stdout");
    Thread stderrThread = daemon(stderr, "stderr");
    Thread stdinThread = daemon(() -> feed(command, process.getOutputStream()), "stdin");
    stdoutThread.start();
    stderrThread.start();
    stdinThread.start();
    Duration timeout = command.timeout();
    try {
      boolean exited =
          timeout.isZero()
              ? waitFor(process)
              : process.waitFor(Durations.nanos(timeout), TimeUnit.NANOSECONDS);
      if (!exited) {
        supervisor.stopCommand(
            name + " timed out after " + Durations.format(timeout),
            mark,
            process,
            supervisor.gracePeriod());
        join(stdoutThread, stderrThread);
        throw CommandFailedException.timedOut(maskedArguments, redactor.redact(stderr.tail()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (supervisor.isTerminated()) {
        // terminate() stops the processes; unwinding at once leaves the grace period to cleanups.
        throw Interruption.terminated(name);
      }
      if (supervisor.currentScope().isCancelled()) {
        // The handler or task around it timed out, and its stop covers this command's processes.
        throw Interruption.enclosingTimeout(name);
      }
      supervisor.stopCommand(name, mark, process, supervisor.gracePeriod());
      throw Interruption.interrupted(name);
    }
    join(stdoutThread, stderrThread);
    int exitCode = process.exitValue();
    String tail = redactor.redact(stderr.tail());
    Duration duration = Duration.ofNanos(System.nanoTime() - started);
    if (!command.acceptedExitCodes().contains(exitCode)) {
      throw CommandFailedException.exited(maskedArguments, exitCode, tail);
    }
    return CommandResult.of(exitCode, stdout.captured(), tail, duration);
  }

  /** Why a command in a stopped scope does not run: termination, or a timeout around it. */
  private Interruption stopped(String name) {
    return supervisor.isTerminated()
        ? Interruption.terminated(name)
        : Interruption.enclosingTimeout(name);
  }

  private static boolean waitFor(Process process) throws InterruptedException {
    process.waitFor();
    return true;
  }

  private static void feed(Command command, OutputStream stdin) {
    try (stdin) {
      if (command.stdin().isPresent()) {
        stdin.write(command.stdin().get());
      }
    } catch (IOException e) {
      // The tool exited without reading all of its input; its exit code tells what happened.
    }
  }

  /** Waits for the pumps; a grandchild that keeps a pipe open must not hang the run. */
  private static void join(Thread... pumps) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PIPE_DRAIN_MILLIS);
    for (Thread pump : pumps) {
      try {
        pump.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (pump.isAlive()) {
        LOG.warn("a process the command started still holds its output open; not waiting for it");
      }
    }
  }

  private static Thread daemon(Runnable work, String stream) {
    Thread thread = new Thread(work, "provisioner-command-" + stream);
    thread.setDaemon(true);
    return thread;
  }
}
