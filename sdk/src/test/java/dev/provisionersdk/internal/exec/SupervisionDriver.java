package dev.provisionersdk.internal.exec;

import dev.provisionersdk.Command;
import dev.provisionersdk.Controls;
import dev.provisionersdk.runtime.Provisioner;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A provisioner whose task starts processes that ignore SIGTERM and leave the process tree in three
 * ways, run by {@link SupervisionIT} as a JVM of its own (on the host, or as PID 1 of a PID
 * namespace). Each run goes through {@link Provisioner#execute} exactly as a real one does; after
 * it returns, the driver looks for survivors by the run's tag, which every process it started
 * carries in its argument list, and prints one {@code RESULT} line.
 *
 * <p>Usage: {@code SupervisionDriver SHAPE RUNS DIRECTORY TAG RESULTS}, where SHAPE is {@code
 * command-timeout}, {@code task-timeout}, {@code handler-timeout} (in-process loops of RUNS runs,
 * exit 0), or {@code sigterm} and {@code sigterm-obeying} (one run that waits for SIGTERM; the JVM
 * then exits with the provisioner's code). The {@code RESULT} lines are appended to the file
 * RESULTS (the caller's redirect of stdout, opened for appending too): the SDK masks descriptors 1
 * and 2 until the process exits and drops what is printed after its final flush, which on SIGTERM
 * races with this driver's last line.
 */
public final class SupervisionDriver {
  /** Between SIGTERM and SIGKILL, for every shape but {@code sigterm-obeying}. */
  static final Duration GRACE = Duration.ofMillis(300);

  /**
   * For {@code sigterm-obeying}: long, so that waiting for a zombie would show, and at least 5
   * times the bound a run is held to ({@code SupervisionIT.exitBoundMillis}).
   */
  static final Duration LONG_GRACE = Duration.ofSeconds(40);

  /** The timeout of the command, the task or the handler. */
  static final Duration TIMEOUT = Duration.ofMillis(300);

  /** The three ways the launcher starts a process that ignores SIGTERM. */
  static final List<String> KINDS = List.of("child", "orphan", "session");

  private SupervisionDriver() {}

  /**
   * Runs the shape.
   *
   * @param args SHAPE RUNS DIRECTORY TAG RESULTS; run {@code i} is tagged {@code TAG-i}
   * @throws IOException when the scripts cannot be written
   */
  public static void main(String[] args) throws IOException {
    String shape = args[0];
    int runs = Integer.parseInt(args[1]);
    Path directory = Path.of(args[2]);
    writeScripts(directory);
    PrintStream out =
        new PrintStream(new FileOutputStream(args[4], true), true, StandardCharsets.UTF_8);
    // On SIGTERM the JVM exits once the SDK's hook returns: hold it until the result is printed.
    CountDownLatch printed = new CountDownLatch(runs);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    printed.await(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    int exitCode = 0;
    for (int run = 0; run < runs; run++) {
      String tag = args[3] + "-" + run;
      Path inputs = Files.createDirectories(directory.resolve(tag).resolve("bundle/src"));
      long started = System.nanoTime();
      exitCode =
          provisioner(shape, directory, tag)
              .execute(
                  new String[] {"provision", "--inputs", inputs.getParent().getParent().toString()},
                  System.getenv());
      long elapsed = (System.nanoTime() - started) / 1_000_000;
      // Right after the run, before anything else could stop them: which tagged processes live?
      List<String> survivors = new ArrayList<>();
      for (long pid : ProcessSnapshot.withArgument(tag)) {
        String arguments = ProcessSnapshot.arguments(pid);
        Optional<String> kind =
            KINDS.stream().filter(k -> arguments.contains(tag + "-" + k)).findFirst();
        survivors.add(kind.orElse("launcher") + ":" + pid);
      }
      out.println(
          "RESULT shape="
              + shape
              + " run="
              + run
              + " exit="
              + exitCode
              + " started="
              + startedKinds(directory, tag)
              + " survivors="
              + survivors
              + " zombies="
              + ProcessSnapshot.zombieChildren()
              + " elapsedMs="
              + elapsed);
      out.flush();
      printed.countDown();
    }
    System.exit(shape.startsWith("sigterm") ? exitCode : 0);
  }

  private static Provisioner provisioner(String shape, Path directory, String tag) {
    Duration grace = shape.equals("sigterm-obeying") ? LONG_GRACE : GRACE;
    Controls.Builder handler =
        Controls.builder()
            .gracePeriod(grace)
            .onError((request, failure) -> request.run(echo("handler-cleanup-ran " + tag)));
    Controls.Builder task =
        Controls.builder()
            .gracePeriod(grace)
            .onError((request, failure) -> request.run(echo("task-cleanup-ran " + tag)));
    Command command =
        shape.equals("sigterm-obeying")
            ? Command.of(
                "sh",
                "-c",
                "sleep 300 & sleep 300 & sleep 300 & echo $$ > \"$1.tmp\"; mv \"$1.tmp\" \"$1\";"
                    + " wait",
                tag,
                directory.resolve(tag + "-child.pid").toString())
            : Command.of(
                "sh", directory.resolve("launcher.sh").toString(), directory.toString(), tag);
    switch (shape) {
      case "command-timeout" -> command = command.timeout(TIMEOUT);
      case "task-timeout" -> task.timeout(TIMEOUT);
      case "handler-timeout" -> handler.timeout(TIMEOUT);
      case "sigterm", "sigterm-obeying" -> {}
      default -> throw new IllegalArgumentException("unknown shape " + shape);
    }
    Command work = command;
    Controls taskControls = task.build();
    return Provisioner.builder("supervision-driver")
        .controls(handler.build())
        .provision(request -> request.task("stubborn", taskControls, () -> request.run(work)))
        .build();
  }

  private static Command echo(String text) {
    return Command.of("sh", "-c", "echo \"$1\"", "sh", text);
  }

  private static int startedKinds(Path directory, String tag) {
    int started = 0;
    for (String kind : KINDS) {
      if (Files.exists(directory.resolve(tag + "-" + kind + ".pid"))) {
        started++;
      }
    }
    return started;
  }

  /**
   * Writes {@code stubborn.sh} (ignores SIGTERM, records its pid, runs until killed) and {@code
   * launcher.sh} (starts three of them: a background child it waits for, a double-forked orphan,
   * and a double-forked orphan in its own session).
   */
  static void writeScripts(Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.writeString(
        directory.resolve("stubborn.sh"),
        String.join(
            "\n",
            "# stubborn.sh TAG PIDFILE",
            "trap '' TERM",
            "echo $$ > \"$2.tmp\" && mv \"$2.tmp\" \"$2\"",
            "while :; do sleep 1; done",
            ""),
        StandardCharsets.UTF_8);
    Files.writeString(
        directory.resolve("launcher.sh"),
        String.join(
            "\n",
            "# launcher.sh DIRECTORY TAG",
            "dir=$1 tag=$2",
            "sh \"$dir/stubborn.sh\" \"$tag-child\" \"$dir/$tag-child.pid\" &",
            "(sh \"$dir/stubborn.sh\" \"$tag-orphan\" \"$dir/$tag-orphan.pid\" &)",
            "(setsid sh \"$dir/stubborn.sh\" \"$tag-session\" \"$dir/$tag-session.pid\" &)",
            "wait",
            ""),
        StandardCharsets.UTF_8);
  }
}
