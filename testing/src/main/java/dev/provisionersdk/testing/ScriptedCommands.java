package dev.provisionersdk.testing;

import dev.provisionersdk.Command;
import dev.provisionersdk.CommandFailedException;
import dev.provisionersdk.CommandResult;
import dev.provisionersdk.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

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
 * <p>A command matches the first rule whose arguments are a prefix of its own; an unmatched command
 * succeeds with exit code 0 and no output. A scripted non-zero exit code the command does not
 * accept throws {@link CommandFailedException}, as the real runner would. Thread-safe.
 */
public final class ScriptedCommands implements CommandRunner {
  private final List<Rule> rules;
  private final List<Command> calls = Collections.synchronizedList(new ArrayList<>());

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
   * Creates a runner with no rules: every command succeeds.
   *
   * @return the runner
   */
  public static ScriptedCommands create() {
    return new ScriptedCommands(Collections.synchronizedList(new ArrayList<>()));
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
     * Answers with exit code 0 and this standard output (returned when the command captures it).
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
    Answer answer = answerFor(command.arguments());
    if (!command.acceptedExitCodes().contains(answer.exitCode())) {
      throw CommandFailedException.exited(command.arguments(), answer.exitCode(), answer.stderr());
    }
    return CommandResult.of(
        answer.exitCode(),
        command.capturesStdout() ? answer.stdout() : "",
        answer.stderr(),
        Duration.ZERO);
  }

  private Answer answerFor(List<String> arguments) {
    synchronized (rules) {
      for (Rule rule : rules) {
        if (arguments.size() >= rule.prefix.size()
            && arguments.subList(0, rule.prefix.size()).equals(rule.prefix)
            && !rule.answers.isEmpty()) {
          Answer answer = rule.answers.get(Math.min(rule.used, rule.answers.size() - 1));
          rule.used++;
          return answer;
        }
      }
    }
    return new Answer(0, "", "");
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
