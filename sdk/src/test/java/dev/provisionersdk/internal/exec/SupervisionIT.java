package dev.provisionersdk.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No process the provisioner started survives a timeout or SIGTERM, however it forked: real JVMs
 * running {@link SupervisionDriver}, whose processes ignore SIGTERM and leave the tree as a
 * background child, a double-forked orphan and an orphan in its own session. Each shape runs
 * {@value #RUNS} times (the races this guards against showed up in 1 of 3 to 1 of 5 runs), on the
 * host and with the JVM as PID 1 of its own PID namespace, as in a container ({@code unshare --pid
 * --fork --mount-proc}, which needs root, as CI has). Survivors are found by the run's tag in their
 * argument lists, read from {@code /proc}.
 *
 * <p>{@code -Dsupervision.runs=N} changes the number of runs.
 */
class SupervisionIT {
  static final int RUNS = Integer.getInteger("supervision.runs", 50);

  /**
   * Runs of a timeout shape that must have started all three processes before the timeout (the
   * others still count for what they started): four in five, so that each way of leaving the tree
   * is exercised at least 40 times in 50, where a 1-in-5 race escapes with probability 0.8^40.
   */
  static final int MINIMUM_COMPLETE_RUNS = RUNS * 4 / 5;

  private static final Pattern RESULT =
      Pattern.compile(
          "RESULT shape=(\\S+) run=(\\d+) exit=(\\d+) started=(\\d) survivors=\\[([^]]*)] zombies=(\\d+)"
              + " elapsedMs=(\\d+)");
  private static final long SECOND = 1_000;

  /**
   * How long a run may take when the expected time is {@code expectedMillis}: 5 times that plus a
   * second of process start and exit, so that a loaded 2-core runner does not fail it. Each bound
   * stays far below what the bug it guards against would take (the 300 s sleeps of the driver's
   * processes, or {@link SupervisionDriver#LONG_GRACE}).
   */
  static long exitBoundMillis(long expectedMillis) {
    return 5 * (expectedMillis + SECOND);
  }

  @TempDir Path work;
  private final String prefix =
      "sv" + ProcessHandle.current().pid() + "x" + System.nanoTime() % 10_000;

  @AfterEach
  void killWhatTheOldCodeLeft() {
    for (long pid : ProcessSnapshot.withArgument(prefix)) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void timeoutsOnTheHostLeaveNoProcess() throws Exception {
    assertTimeoutShapesLeaveNoProcess(false);
  }

  @Test
  void timeoutsWithTheJvmAsPid1LeaveNoProcess() throws Exception {
    requireRootForPidNamespace();
    assertTimeoutShapesLeaveNoProcess(true);
  }

  @Test
  void sigtermOnTheHostLeavesNoProcessRunsBothCleanupsAndExitsInTime() throws Exception {
    assertSigtermLeavesNoProcess(false);
  }

  @Test
  void sigtermWithTheJvmAsPid1LeavesNoProcessRunsBothCleanupsAndExitsInTime() throws Exception {
    requireRootForPidNamespace();
    assertSigtermLeavesNoProcess(true);
  }

  /**
   * As PID 1 the JVM inherits every orphan; one that dies on SIGTERM is a zombie (its parent died
   * first), which still looks alive to {@code kill(pid, 0)}. The exit must not wait for it.
   */
  @Test
  void sigtermWithTheJvmAsPid1DoesNotWaitTheGracePeriodForZombies() throws Exception {
    requireRootForPidNamespace();
    List<String> failures = new ArrayList<>();
    for (int run = 0; run < 5; run++) {
      SigtermRun result = sigtermRun("sigterm-obeying", run, true);
      if (result.exitCode != 143) {
        failures.add(result.tag + ": exit " + result.exitCode);
      }
      // Expected: no wait at all; waiting for the zombie would take the whole long grace period.
      if (result.elapsedMillis > exitBoundMillis(0)) {
        failures.add(result.tag + ": exit took " + result.elapsedMillis + " ms");
      }
    }
    assertThat(failures).as("failed runs of 5").isEmpty();
  }

  /**
   * JDK 17–21 cannot reap (no native access): as PID 1 the stopped orphans stay zombies, but none
   * survives and none is waited for. Runs when a JDK 17 is installed where CI has one, or at {@code
   * -Dsupervision.jdk17=PATH}.
   */
  @Test
  void onJdk17AsPid1NothingSurvivesAndZombiesAreNotWaitedFor() throws Exception {
    requireRootForPidNamespace();
    Path jdk17 =
        Path.of(System.getProperty("supervision.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64"));
    assumeThat(Files.isExecutable(jdk17.resolve("bin/java"))).as("a JDK 17 at " + jdk17).isTrue();
    int runs = Math.min(RUNS, 10);
    Path directory = Files.createDirectories(work.resolve("jdk17"));
    Process driver =
        new ProcessBuilder(
                driverCommand(
                    jdk17,
                    true,
                    List.of(
                        "task-timeout",
                        String.valueOf(runs),
                        directory.toString(),
                        prefix,
                        work.resolve("jdk17.out").toString())))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("jdk17.out").toFile()))
            .start();
    assertThat(driver.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String output = Files.readString(work.resolve("jdk17.out"));
    List<Matcher> results = results(output);
    assertThat(results).as("runs; output:\n" + tail(output)).hasSize(runs);
    for (Matcher result : results) {
      assertThat(result.group(3)).as("exit code").isEqualTo("124");
      assertThat(result.group(4)).as("stubborn processes started").isEqualTo("3");
      assertThat(result.group(5)).as("survivors").isEmpty();
      // Each run stops the same processes: their grace period, not a zombie's, bounds the time.
      assertThat(Long.parseLong(result.group(7)))
          .as("run time")
          .isLessThan(
              exitBoundMillis(SupervisionDriver.TIMEOUT.plus(SupervisionDriver.GRACE).toMillis()));
    }
    System.out.printf(
        "[SupervisionIT] PID 1 task-timeout on JDK 17: %d runs, no survivors, %s zombie children"
            + " after the last%n",
        runs, results.get(runs - 1).group(6));
  }

  private void assertTimeoutShapesLeaveNoProcess(boolean pid1) throws Exception {
    List<String> shapes = List.of("command-timeout", "task-timeout", "handler-timeout");
    Map<String, Process> drivers = new TreeMap<>();
    for (String shape : shapes) {
      Path directory = Files.createDirectories(work.resolve(shape));
      Path output = work.resolve(shape + ".out");
      List<String> command =
          driverCommand(
              pid1,
              List.of(
                  shape,
                  String.valueOf(RUNS),
                  directory.toString(),
                  prefix + shape,
                  output.toString()));
      drivers.put(
          shape,
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
              .start());
    }
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, Process> driver : drivers.entrySet()) {
      String shape = driver.getKey();
      assertThat(driver.getValue().waitFor(10, TimeUnit.MINUTES)).as(shape + " finished").isTrue();
      String output = Files.readString(work.resolve(shape + ".out"), StandardCharsets.UTF_8);
      List<Matcher> results = results(output);
      assertThat(results).as(shape + " runs; output:\n" + tail(output)).hasSize(RUNS);
      int survived = 0;
      int zombies = 0;
      int incomplete = 0;
      Map<String, Integer> byKind = new TreeMap<>();
      for (Matcher result : results) {
        String run = shape + " run " + result.group(2);
        zombies = Math.max(zombies, Integer.parseInt(result.group(6)));
        if (!result.group(3).equals("124")) {
          failures.add(run + ": exit " + result.group(3));
        }
        if (!result.group(4).equals("3")) {
          // The timeout came before the launcher had started all three (a loaded machine): the run
          // still counts for what it did start, and for its exit code and cleanups, below.
          incomplete++;
        }
        if (!result.group(5).isEmpty()) {
          survived++;
          failures.add(run + ": survivors " + result.group(5));
          for (String survivor : result.group(5).split(", ")) {
            byKind.merge(survivor.substring(0, survivor.indexOf(':')), 1, Integer::sum);
          }
        }
      }
      if (pid1 && zombies > 0) {
        // The SDK reaps the orphans it adopted as PID 1, through its native calls (internal.os).
        failures.add(shape + ": " + zombies + " zombie children were not reaped");
      }
      int handlerCleanups = count(output, "\nhandler-cleanup-ran ");
      if (handlerCleanups != RUNS) {
        failures.add(shape + ": the handler's cleanup ran " + handlerCleanups + " times");
      }
      int taskCleanups = count(output, "\ntask-cleanup-ran ");
      int expectedTaskCleanups = shape.equals("handler-timeout") ? 0 : RUNS;
      if (taskCleanups != expectedTaskCleanups) {
        failures.add(shape + ": the task's cleanup ran " + taskCleanups + " times");
      }
      if (RUNS - incomplete < MINIMUM_COMPLETE_RUNS) {
        failures.add(
            shape
                + ": only "
                + (RUNS - incomplete)
                + " runs started all three stubborn processes before the timeout; "
                + MINIMUM_COMPLETE_RUNS
                + " must");
      }
      System.out.printf(
          "[SupervisionIT] %s %s on JDK %d: %d of %d runs left processes behind %s, at most %d"
              + " zombie children; %d runs started all three processes%n",
          pid1 ? "PID 1" : "host",
          shape,
          Runtime.version().feature(),
          survived,
          RUNS,
          byKind,
          zombies,
          RUNS - incomplete);
    }
    killTagged(prefix);
    assertThat(failures).as("failed runs").isEmpty();
  }

  private void assertSigtermLeavesNoProcess(boolean pid1) throws Exception {
    List<String> failures = new ArrayList<>();
    int survived = 0;
    int withoutTaskCleanup = 0;
    int withoutKillLine = 0;
    long slowest = 0;
    for (int run = 0; run < RUNS; run++) {
      SigtermRun result = sigtermRun("sigterm", run, pid1);
      slowest = Math.max(slowest, result.elapsedMillis);
      if (result.exitCode != 143) {
        failures.add(result.tag + ": exit " + result.exitCode);
      }
      if (result.elapsedMillis > exitBoundMillis(SupervisionDriver.GRACE.toMillis())) {
        failures.add(result.tag + ": exit took " + result.elapsedMillis + " ms");
      }
      if (!result.output.contains("\nhandler-cleanup-ran " + result.tag + "\n")) {
        failures.add(result.tag + ": the handler's cleanup did not run");
      }
      if (!result.output.contains("\ntask-cleanup-ran " + result.tag + "\n")) {
        withoutTaskCleanup++;
        failures.add(result.tag + ": the task's cleanup did not run");
      }
      // Its processes ignore SIGTERM: the SDK's SIGKILL must be logged, before the final flush.
      if (!result.output.contains("still ran at the end of the grace period: sent SIGKILL")) {
        withoutKillLine++;
        failures.add(result.tag + ": no 'sent SIGKILL' line in the output");
      }
      Matcher line = RESULT.matcher(result.output);
      List<Long> afterExit = ProcessSnapshot.withArgument(result.tag);
      if (!line.find() || !line.group(5).isEmpty() || !afterExit.isEmpty()) {
        survived++;
        failures.add(
            result.tag
                + ": survivors "
                + (line.find(0) ? line.group(5) : "(no RESULT line)")
                + ", after exit "
                + afterExit);
        killTagged(result.tag);
      }
    }
    System.out.printf(
        "[SupervisionIT] %s sigterm: %d of %d runs left processes behind, %d without the task's"
            + " cleanup, %d without the SIGKILL line, slowest exit %d ms%n",
        pid1 ? "PID 1" : "host", survived, RUNS, withoutTaskCleanup, withoutKillLine, slowest);
    assertThat(failures).as("failed runs").isEmpty();
  }

  private record SigtermRun(String tag, int exitCode, long elapsedMillis, String output) {}

  /**
   * Starts a driver, waits until its processes run, sends SIGTERM to the JVM and times the exit.
   */
  private SigtermRun sigtermRun(String shape, int run, boolean pid1) throws Exception {
    String base = prefix + "-" + shape + "-" + (pid1 ? "ns" : "host") + "-" + run;
    String tag = base + "-0";
    Path directory = Files.createDirectories(work.resolve(base));
    Path output = work.resolve(base + ".out");
    Process driver =
        new ProcessBuilder(
                driverCommand(
                    pid1, List.of(shape, "1", directory.toString(), base, output.toString())))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
            .start();
    List<String> kinds = shape.equals("sigterm") ? SupervisionDriver.KINDS : List.of("child");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!kinds.stream()
        .allMatch(kind -> Files.exists(directory.resolve(tag + "-" + kind + ".pid")))) {
      assertThat(driver.isAlive())
          .as("driver still running; output:\n" + Files.readString(output))
          .isTrue();
      assertThat(System.nanoTime() - deadline)
          .as(tag + " started its processes in time")
          .isNegative();
      TimeUnit.MILLISECONDS.sleep(10); // polling for a file the driver's processes write
    }
    ProcessHandle jvm = pid1 ? jvmInNamespace(driver) : driver.toHandle();
    long signalled = System.nanoTime();
    jvm.destroy(); // SIGTERM
    assertThat(driver.waitFor(60, TimeUnit.SECONDS)).as(tag + " exited").isTrue();
    long elapsed = (System.nanoTime() - signalled) / 1_000_000;
    return new SigtermRun(
        tag, driver.exitValue(), elapsed, Files.readString(output, StandardCharsets.UTF_8));
  }

  /** The JVM that {@code unshare --fork} started: PID 1 inside, a child of unshare outside. */
  private static ProcessHandle jvmInNamespace(Process unshare) {
    Optional<ProcessHandle> jvm = unshare.toHandle().children().findFirst();
    assertThat(jvm).as("the JVM under unshare").isPresent();
    return jvm.orElseThrow();
  }

  private static List<String> driverCommand(boolean pid1, List<String> args) {
    return driverCommand(Path.of(System.getProperty("java.home")), pid1, args);
  }

  private static List<String> driverCommand(Path javaHome, boolean pid1, List<String> args) {
    List<String> command = new ArrayList<>();
    if (pid1) {
      command.addAll(List.of("unshare", "--pid", "--fork", "--mount-proc"));
    }
    command.add(javaHome.resolve("bin/java").toString());
    command.add("--enable-native-access=ALL-UNNAMED"); // JDK 17 accepts it too
    command.addAll(
        List.of(
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Dorg.slf4j.simpleLogger.showThreadName=false",
            "-cp",
            System.getProperty("java.class.path"),
            SupervisionDriver.class.getName()));
    command.addAll(args);
    return command;
  }

  private static void requireRootForPidNamespace() throws IOException, InterruptedException {
    assumeThat(System.getProperty("user.name"))
        .as("a PID namespace needs root (CI runs as root)")
        .isEqualTo("root");
    Process probe =
        new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", "true")
            .redirectErrorStream(true)
            .start();
    assertThat(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0)
        .as(
            "unshare --pid --fork --mount-proc works: "
                + new String(probe.getInputStream().readAllBytes()))
        .isTrue();
  }

  private static List<Matcher> results(String output) {
    List<Matcher> results = new ArrayList<>();
    Matcher matcher = RESULT.matcher(output);
    while (matcher.find()) {
      Matcher copy = RESULT.matcher(matcher.group());
      copy.find();
      results.add(copy);
    }
    return results;
  }

  private static int count(String text, String word) {
    int count = 0;
    for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      count++;
    }
    return count;
  }

  private static String tail(String output) {
    return output.length() < 4000 ? output : output.substring(output.length() - 4000);
  }

  private static void killTagged(String tag) {
    for (long pid : ProcessSnapshot.withArgument(tag)) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
