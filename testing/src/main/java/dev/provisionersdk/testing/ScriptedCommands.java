package dev.provisionersdk.testing;

import dev.provisionersdk.Command;
import dev.provisionersdk.CommandFailedException;
import dev.provisionersdk.CommandResult;
import dev.provisionersdk.CommandRunner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link CommandRunner} for tests that answers commands from a script instead of starting
 * processes, and records every command it was asked to run. Give it to the provisioner with {@code
 * Provisioner.builder(...).commandRunner(commands)}.
 *
 * <pre>{@code
 * ScriptedCommands commands = ScriptedCommands.create()
 *     .on("pulumi", "stack", "output").stdout("{\"url\":\"https://x\"}")
 *     .on("pulumi", "up").exitCode(255, "error: the stack is locked");
 * }</pre>
 *
 * <p>It answers the way the runtime's process runner does: a command matches the first rule whose
 * arguments are a prefix of its own; the answer's standard error is written to {@code System.err}
 * and its standard output to {@code System.out} unless the command captures it (the run masks
 * both); the result's stderr tail is the last 20 non-empty lines, each cut to 500 bytes, masked by
 * the runtime; an exit code the command does not accept throws {@link CommandFailedException} with
 * that tail. A command no rule matches fails like a tool that is not installed (exit code 127),
 * unless {@link #allowUnmatched()} lets it succeed silently. Thread-safe.
 */
public final class ScriptedCommands implements CommandRunner {
  /** The last lines of stderr kept for the result and the failure, as the process runner does. */
  private static final int TAIL_LINES = 20;

  private static final int TAIL_LINE_BYTES = 500;

  private final List<Rule> rules;
  private final List<Command> calls = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean allowUnmatched;

  private ScriptedCommands(List<Rule> rules) {
    this.rules = rules;
  }

  private static final class Rule {
    final List<String> prefix;
    final List<Answer> answers;
    int used;

    Rule(List<String> prefix, List<Answer> answers) {
      this.prefix = prefix;
      this.answers = answers;
    }
  }

  private record Answer(int exitCode, String stdout, String stderr) {}

  /**
   * Creates a runner with no rules: every command fails as not installed until a rule answers it.
   *
   * @return the runner
   */
  public static ScriptedCommands create() {
    return new ScriptedCommands(Collections.synchronizedList(new ArrayList<>()));
  }

  /**
   * Lets commands no rule matches succeed with exit code 0 and no output, instead of failing as a
   * tool that is not installed.
   *
   * @return this runner
   */
  public ScriptedCommands allowUnmatched() {
    allowUnmatched = true;
    return this;
  }

  /**
   * Starts a rule for commands whose arguments start with these.
   *
   * @param argumentPrefix e.g. {@code "pulumi", "up"}
   * @return the rule's builder
   */
  public RuleBuilder on(String... argumentPrefix) {
    return new RuleBuilder(List.of(argumentPrefix));
  }

  /**
   * Sets what a rule answers. Answers given one after another are used in turn, the last
   * repeatedly.
   */
  public final class RuleBuilder {
    private final List<String> prefix;
    private final List<Answer> answers = new ArrayList<>();

    private RuleBuilder(List<String> prefix) {
      this.prefix = prefix;
      rules.add(new Rule(prefix, answers));
    }

    /**
     * Answers with exit code 0 and this standard output (returned when the command captures it,
     * printed otherwise).
     *
     * @param stdout the output
     * @return this rule, for the next answer
     */
    public RuleBuilder stdout(String stdout) {
      answers.add(new Answer(0, Objects.requireNonNull(stdout), ""));
      return this;
    }

    /**
     * Answers with an exit code and standard error.
     *
     * @param exitCode the exit code
     * @param stderr the standard error text
     * @return this rule, for the next answer
     */
    public RuleBuilder exitCode(int exitCode, String stderr) {
      answers.add(new Answer(exitCode, "", Objects.requireNonNull(stderr)));
      return this;
    }

    /**
     * Answers with an exit code, standard output and standard error.
     *
     * @param exitCode the exit code
     * @param stdout the standard output text
     * @param stderr the standard error text
     * @return this rule, for the next answer
     */
    public RuleBuilder answer(int exitCode, String stdout, String stderr) {
      answers.add(
          new Answer(exitCode, Objects.requireNonNull(stdout), Objects.requireNonNull(stderr)));
      return this;
    }

    /**
     * Starts another rule.
     *
     * @param argumentPrefix the next rule's prefix
     * @return the next rule's builder
     */
    public RuleBuilder on(String... argumentPrefix) {
      return ScriptedCommands.this.on(argumentPrefix);
    }

    /**
     * Returns the runner, for {@code commandRunner(...)}.
     *
     * @return the runner
     */
    public ScriptedCommands runner() {
      return ScriptedCommands.this;
    }
  }

  @Override
  public CommandResult run(Command command) {
    calls.add(command);
    Optional<Answer> found = answerFor(command.arguments());
    if (found.isEmpty() && !allowUnmatched) {
      throw CommandFailedException.exited(
          command.arguments(),
          127,
          "cannot start: no rule of ScriptedCommands matches "
              + String.join(" ", command.arguments())
              + " — add one with on(...), or call allowUnmatched()");
    }
    Answer answer = found.orElse(new Answer(0, "", ""));
    if (!command.capturesStdout()) {
      System.out.print(answer.stdout());
      System.out.flush();
    }
    System.err.print(answer.stderr());
    System.err.flush();
    String tail = tail(answer.stderr());
    if (!command.acceptedExitCodes().contains(answer.exitCode())) {
      throw CommandFailedException.exited(command.arguments(), answer.exitCode(), tail);
    }
    return CommandResult.of(
        answer.exitCode(), command.capturesStdout() ? answer.stdout() : "", tail, Duration.ZERO);
  }

  /** The last non-empty lines, each cut to its first 500 bytes, as the process runner keeps. */
  private static String tail(String stderr) {
    Deque<String> lines = new ArrayDeque<>();
    for (String line : stderr.split("[\r\n]+")) {
      if (!line.isEmpty()) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > TAIL_LINE_BYTES) {
          line = new String(Arrays.copyOf(bytes, TAIL_LINE_BYTES), StandardCharsets.UTF_8);
        }
        lines.addLast(line);
        if (lines.size() > TAIL_LINES) {
          lines.removeFirst();
        }
      }
    }
    return String.join("\n", lines);
  }

  private Optional<Answer> answerFor(List<String> arguments) {
    synchronized (rules) {
      for (Rule rule : rules) {
        if (arguments.size() >= rule.prefix.size()
            && arguments.subList(0, rule.prefix.size()).equals(rule.prefix)
            && !rule.answers.isEmpty()) {
          Answer answer = rule.answers.get(Math.min(rule.used, rule.answers.size() - 1));
          rule.used++;
          return Optional.of(answer);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Returns every command run so far, in order.
   *
   * @return a copy of the list
   */
  public List<Command> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /**
   * Returns the argument lists of every command run so far, for exact call-sequence assertions.
   *
   * @return a copy of the list
   */
  public List<List<String>> argumentLists() {
    return calls().stream().map(Command::arguments).toList();
  }
}
