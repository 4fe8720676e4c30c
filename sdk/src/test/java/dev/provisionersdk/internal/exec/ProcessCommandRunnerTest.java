package dev.provisionersdk.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisionersdk.Command;
import dev.provisionersdk.CommandFailedException;
import dev.provisionersdk.CommandResult;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Secret;
import dev.provisionersdk.internal.redact.RedactingOutputStream;
import dev.provisionersdk.internal.redact.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: {@code sh} scripts stand in for tools, started from argument lists. */
class ProcessCommandRunnerTest {
  private static final String SECRET = "child-secret-93ab";

  @TempDir Path step;
  private final Redactor redactor = new Redactor();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Supervisor supervisor = new Supervisor(Duration.ofMillis(500));
  private ProcessCommandRunner runner;

  @BeforeEach
  void runner() {
    redactor.register(SECRET);
    runner =
        new ProcessCommandRunner(
            supervisor,
            redactor,
            Map.of("PATH", System.getenv("PATH"), "FROM_PROVISIONER", "base-value"),
            step,
            new PrintStream(new RedactingOutputStream(out, redactor), true, StandardCharsets.UTF_8),
            new PrintStream(
                new RedactingOutputStream(err, redactor), true, StandardCharsets.UTF_8));
  }

  private static Command sh(String script) {
    return Command.of("sh", "-c", script);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void streamsBothPipesMaskedAndLineByLine() {
    runner.run(sh("echo out-1; echo err-1 >&2; echo \"pw=" + SECRET + "\"; echo err-2 >&2"));

    assertThat(stdout()).isEqualTo("out-1\npw=***\n");
    assertThat(stderr()).isEqualTo("err-1\nerr-2\n");
  }

  @Test
  void theStderrTailIsMaskedBeforeItsLinesAreCutSoNoSecretStraddlesTheCut() {
    // Each line puts the secret across byte 500, where the tail cuts a line, at every position.
    StringBuilder script = new StringBuilder();
    for (int visible = 1; visible < SECRET.length(); visible++) {
      script
          .append("printf '%s%s more\\n' \"$(printf '%0")
          .append(OutputPump.TAIL_LINE_LIMIT - visible)
          .append("d' 0)\" \"$S\" >&2; ");
    }
    script.append("exit 3");

    assertThatThrownBy(() -> runner.run(sh(script.toString()).env("S", SECRET)))
        .isInstanceOfSatisfying(
            CommandFailedException.class,
            e -> {
              assertThat(e.stderrTail().lines()).hasSize(SECRET.length() - 1);
              assertThat(e.stderrTail().lines())
                  .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(500))
                  .anySatisfy(line -> assertThat(line).endsWith("*** more"));
              for (int cut = 4; cut < SECRET.length(); cut++) {
                assertThat(e.getMessage()).doesNotContain(SECRET.substring(0, cut));
              }
            });
  }

  @Test
  void runsInTheStepDirectoryWithTheProvisionersEnvironmentPlusTheCommands() {
    runner.run(sh("pwd; echo $FROM_PROVISIONER $EXTRA").env("EXTRA", "extra-value"));
    assertThat(stdout()).contains(step.toString(), "base-value extra-value");
  }

  @Test
  void secretEnvironmentValuesAreMaskedWhenTheToolPrintsThem() {
    runner.run(sh("echo token=$TOKEN").env("TOKEN", Secret.of("registered-by-command-77")));
    assertThat(stdout()).isEqualTo("token=***\n");
  }

  @Test
  void nonZeroExitCarriesTheToolsCodeAndMaskedStderrTail() {
    assertThatThrownBy(
            () -> runner.run(sh("echo 'failed to connect with " + SECRET + "' >&2; exit 3")))
        .isInstanceOfSatisfying(
            CommandFailedException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(3);
              assertThat(e.isTimeout()).isFalse();
              assertThat(e.stderrTail()).isEqualTo("failed to connect with ***");
              assertThat(e.getMessage()).contains("exited with 3", "failed to connect with ***");
              assertThat(e.getMessage()).doesNotContain(SECRET);
            });
  }

  @Test
  void stderrTailKeepsOnlyTheLastLines() {
    assertThatThrownBy(
            () -> runner.run(sh("for i in $(seq 1 50); do echo line-$i >&2; done; exit 1")))
        .isInstanceOfSatisfying(
            CommandFailedException.class,
            e ->
                assertThat(e.stderrTail().lines())
                    .hasSize(OutputPump.TAIL_LINES)
                    .startsWith("line-31")
                    .endsWith("line-50"));
  }

  @Test
  void acceptedExitCodesReturnAResult() {
    CommandResult result = runner.run(sh("exit 1").acceptExitCodes(1));
    assertThat(result.exitCode()).isEqualTo(1);
  }

  @Test
  void capturedStdoutIsReturnedNotStreamed() {
    CommandResult result = runner.run(sh("echo '{\"url\":\"x\"}'").captureStdout());
    assertThat(result.stdout()).isEqualTo("{\"url\":\"x\"}\n");
    assertThat(stdout()).isEmpty();
  }

  @Test
  void stdinReachesTheTool() {
    CommandResult result = runner.run(Command.of("cat").stdin("from stdin\n").captureStdout());
    assertThat(result.stdout()).isEqualTo("from stdin\n");
  }

  @Test
  void argumentsAreNotInterpretedByAShell() {
    runner.run(Command.of("echo", "$HOME", "a b", "'quoted'", ";", "ls"));
    assertThat(stdout()).isEqualTo("$HOME a b 'quoted' ; ls\n");
  }

  @Test
  void missingProgramFailsWith127AndAHint() {
    assertThatThrownBy(() -> runner.run(Command.of("definitely-not-a-tool-xyz")))
        .isInstanceOfSatisfying(
            CommandFailedException.class, e -> assertThat(e.exitCode()).isEqualTo(127))
        .hasMessageContaining("is the tool installed and on PATH?");
  }

  @Test
  void timeoutStopsTheToolAndFailsWith124() {
    assertThatThrownBy(() -> runner.run(Command.of("sleep", "30").timeout(Duration.ofMillis(300))))
        .isInstanceOfSatisfying(
            CommandFailedException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.TIMEOUT);
              assertThat(e.isTimeout()).isTrue();
              assertThat(e.getMessage()).contains("`sleep 30` timed out and was stopped");
            });
  }

  @Test
  void timeoutStopsGrandchildrenThatIgnoreSigterm() throws IOException {
    Path pids = step.resolve("pids");
    // The child starts a grandchild that ignores SIGTERM, records both pids, and waits.
    String script =
        "sh -c 'trap \"\" TERM; echo $$ >> "
            + pids
            + "; while true; do sleep 0.1; done' & echo $$ >> "
            + pids
            + "; wait";

    assertThatThrownBy(() -> runner.run(sh(script).timeout(Duration.ofMillis(800))))
        .isInstanceOf(CommandFailedException.class);

    assertNoneRuns(pids, 2);
  }

  @Test
  void timeoutStopsDoubleForkedProcessesAndThoseInTheirOwnSession() throws IOException {
    Path pids = step.resolve("pids");
    String stubborn = "trap \"\" TERM; echo $$ >> " + pids + "; while :; do sleep 0.1; done";
    // Both leave the tree at once: their parent subshell exits, they are re-parented to init.
    String script =
        "(sh -c '"
            + stubborn
            + "' &); (setsid sh -c '"
            + stubborn
            + "' &); echo $$ >> "
            + pids
            + "; exec sleep 30";

    assertThatThrownBy(() -> runner.run(sh(script).timeout(Duration.ofMillis(800))))
        .isInstanceOfSatisfying(
            CommandFailedException.class, e -> assertThat(e.isTimeout()).isTrue());

    assertNoneRuns(pids, 3);
  }

  @Test
  void everyProcessCarriesTheMarkOfTheScopeThatStartedIt() {
    CommandResult result = runner.run(sh("env").captureStdout());
    assertThat(result.stdout().lines().filter(line -> line.startsWith("PROVISIONER_SDK_SCOPE_")))
        .singleElement()
        .asString()
        .matches("PROVISIONER_SDK_SCOPE_[0-9a-f]+=r\\.p\\d+");
  }

  @Test
  void interruptingTheWaitingThreadStopsTheCommandAndFailsWithExitCode1() throws Exception {
    Path pid = step.resolve("pid");
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                runner.run(
                    sh("echo $$ > " + pid + ".tmp; mv " + pid + ".tmp " + pid + "; exec sleep 30"));
              } catch (RuntimeException e) {
                failure.set(e);
              }
            });
    caller.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(pid) && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10); // polling for the file the command writes
    }
    caller.interrupt();
    caller.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(failure.get())
        .isInstanceOfSatisfying(
            ProvisionerException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.HANDLER_FAILED))
        .hasMessageEndingWith("was stopped: the thread waiting for it was interrupted");
    assertThat(ProcessSnapshot.isRunning(Long.parseLong(Files.readString(pid).trim()))).isFalse();
  }

  /** Each line of the file is a pid; there are {@code count}, and none of them runs. */
  private static void assertNoneRuns(Path pids, int count) throws IOException {
    List<String> lines = Files.readAllLines(pids);
    assertThat(lines).hasSize(count);
    for (String pid : lines) {
      assertThat(ProcessSnapshot.isRunning(Long.parseLong(pid.trim())))
          .as("process %s survived", pid)
          .isFalse();
    }
  }
}
