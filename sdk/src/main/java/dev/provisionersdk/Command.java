package dev.provisionersdk;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An external tool to run, such as {@code pulumi up --yes}: an argument list (never a shell
 * string), extra environment variables, a working directory, optional standard input and a timeout.
 * Run it with {@link Request#run(Command)}.
 *
 * <pre>{@code
 * request.run(Command.of("pulumi", "up", "--yes", "--non-interactive")
 *     .env("PULUMI_CONFIG_PASSPHRASE", request.secret("passphrase").orElseThrow())
 *     .timeout(Duration.ofMinutes(30)));
 * }</pre>
 *
 * <p>Pass secrets through {@link #env(String, Secret)}, never in the arguments: arguments show up
 * in process listings and error messages. The child's standard output and standard error stream
 * live to the provisioner's own, line by line, masked. A non-zero exit code throws {@link
 * CommandFailedException}, which carries the tool's exit code out as the provisioner's.
 *
 * <p>Immutable and thread-safe: every method returns a new command.
 */
public final class Command {
  private final List<String> arguments;
  private final Map<String, String> environment;
  private final List<Secret> secretValues;
  private final Path directory;
  private final byte[] standardInput;
  private final Duration timeout;
  private final boolean captureStdout;
  private final Set<Integer> acceptedExitCodes;

  private Command(
      List<String> arguments,
      Map<String, String> environment,
      List<Secret> secretValues,
      Path directory,
      byte[] standardInput,
      Duration timeout,
      boolean captureStdout,
      Set<Integer> acceptedExitCodes) {
    this.arguments = arguments;
    this.environment = environment;
    this.secretValues = secretValues;
    this.directory = directory;
    this.standardInput = standardInput;
    this.timeout = timeout;
    this.captureStdout = captureStdout;
    this.acceptedExitCodes = acceptedExitCodes;
  }

  /**
   * Creates a command from the program and its arguments.
   *
   * @param program the executable, looked up on {@code PATH} when it has no slash
   * @param arguments its arguments, passed as they are (no shell, no quoting)
   * @return the command
   */
  public static Command of(String program, String... arguments) {
    List<String> argv = new ArrayList<>();
    argv.add(Objects.requireNonNull(program, "program"));
    for (String argument : arguments) {
      argv.add(Objects.requireNonNull(argument, "argument"));
    }
    return of(argv);
  }

  /**
   * Creates a command from a full argument list, program first.
   *
   * @param argv the program and its arguments
   * @return the command
   * @throws IllegalArgumentException if {@code argv} is empty
   */
  public static Command of(List<String> argv) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least the program");
    }
    argv.forEach(argument -> Objects.requireNonNull(argument, "argument"));
    return new Command(
        List.copyOf(argv), Map.of(), List.of(), null, null, Duration.ZERO, false, Set.of(0));
  }

  /**
   * Adds an environment variable to the child's environment, which otherwise is the provisioner's.
   *
   * @param name the variable
   * @param value its value
   * @return a new command
   */
  public Command env(String name, String value) {
    Map<String, String> next = new LinkedHashMap<>(environment);
    next.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new Command(
        arguments,
        Collections.unmodifiableMap(next),
        secretValues,
        directory,
        standardInput,
        timeout,
        captureStdout,
        acceptedExitCodes);
  }

  /**
   * Adds a secret environment variable: the way to hand a tool a credential. The value is masked in
   * all output.
   *
   * @param name the variable
   * @param value the secret
   * @return a new command
   */
  public Command env(String name, Secret value) {
    Objects.requireNonNull(value, "value");
    Command withValue = env(name, value.reveal());
    List<Secret> secrets = new ArrayList<>(secretValues);
    secrets.add(value);
    return new Command(
        arguments,
        withValue.environment,
        List.copyOf(secrets),
        directory,
        standardInput,
        timeout,
        captureStdout,
        acceptedExitCodes);
  }

  /**
   * Adds several environment variables, e.g. {@code request.envs()}.
   *
   * @param variables name to value
   * @return a new command
   */
  public Command env(Map<String, String> variables) {
    Command command = this;
    for (Map.Entry<String, String> variable : variables.entrySet()) {
      command = command.env(variable.getKey(), variable.getValue());
    }
    return command;
  }

  /**
   * Sets the working directory. Default: the step directory.
   *
   * @param directory the directory
   * @return a new command
   */
  public Command directory(Path directory) {
    return new Command(
        arguments,
        environment,
        secretValues,
        Objects.requireNonNull(directory, "directory"),
        standardInput,
        timeout,
        captureStdout,
        acceptedExitCodes);
  }

  /**
   * Sets the child's standard input, UTF-8 encoded. Default: empty (end of file at once).
   *
   * @param text the input
   * @return a new command
   */
  public Command stdin(String text) {
    return new Command(
        arguments,
        environment,
        secretValues,
        directory,
        Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8),
        timeout,
        captureStdout,
        acceptedExitCodes);
  }

  /**
   * Sets a timeout. When it expires, every process the command started, however it forked
   * (background children, double-forked daemons, processes in their own session), gets SIGTERM,
   * then SIGKILL after the grace period, and the run fails with {@link ExitCode#TIMEOUT}. A timeout
   * longer than 50 years is the same as none. Default: none ({@link Duration#ZERO}).
   *
   * @param timeout the timeout, zero for none
   * @return a new command
   */
  public Command timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative");
    }
    return new Command(
        arguments,
        environment,
        secretValues,
        directory,
        standardInput,
        timeout,
        captureStdout,
        acceptedExitCodes);
  }

  /**
   * Captures standard output into {@link CommandResult#stdout()} instead of streaming it, for tools
   * whose output is data (e.g. {@code pulumi stack output --json}). Standard error still streams.
   *
   * @return a new command
   */
  public Command captureStdout() {
    return new Command(
        arguments,
        environment,
        secretValues,
        directory,
        standardInput,
        timeout,
        true,
        acceptedExitCodes);
  }

  /**
   * Treats more exit codes as success, for tools that signal findings by exit code (e.g. a
   * scanner's 1 for "issues found"). Default: only 0.
   *
   * @param exitCodes the codes that do not throw, in addition to 0
   * @return a new command
   */
  public Command acceptExitCodes(int... exitCodes) {
    Set<Integer> accepted = new LinkedHashSet<>(acceptedExitCodes);
    Arrays.stream(exitCodes).forEach(accepted::add);
    return new Command(
        arguments,
        environment,
        secretValues,
        directory,
        standardInput,
        timeout,
        captureStdout,
        Set.copyOf(accepted));
  }

  /**
   * Returns the program and its arguments.
   *
   * @return an unmodifiable list
   */
  public List<String> arguments() {
    return arguments;
  }

  /**
   * Returns the variables added to the child's environment. Holds raw secret values: never log it.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> environment() {
    return environment;
  }

  /**
   * Returns the secrets given with {@link #env(String, Secret)}, which the runner masks.
   *
   * @return an unmodifiable list
   */
  public List<Secret> secrets() {
    return secretValues;
  }

  /**
   * Returns the working directory, if one was set.
   *
   * @return the directory, or empty for the step directory
   */
  public Optional<Path> directory() {
    return Optional.ofNullable(directory);
  }

  /**
   * Returns the standard input.
   *
   * @return a copy of the bytes, or empty when none was set
   */
  public Optional<byte[]> stdin() {
    return Optional.ofNullable(standardInput).map(byte[]::clone);
  }

  /**
   * Returns the timeout.
   *
   * @return the timeout; zero means none
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Returns whether standard output is captured rather than streamed.
   *
   * @return {@code true} after {@link #captureStdout()}
   */
  public boolean capturesStdout() {
    return captureStdout;
  }

  /**
   * Returns the exit codes that count as success.
   *
   * @return an unmodifiable set containing at least 0
   */
  public Set<Integer> acceptedExitCodes() {
    return acceptedExitCodes;
  }

  /** Shows the arguments only; the environment may hold secrets. */
  @Override
  public String toString() {
    return "Command[" + String.join(" ", arguments) + "]";
  }
}
