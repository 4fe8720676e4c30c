package dev.provisionersdk.examples.noop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisionersdk.testing.TestInputs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged jar as a separate JVM, the way the README's main command does, and in container
 * mode (no arguments, MASSDRIVER_* environment) against a copy of the sample.
 */
class NoopProvisionerIT {
  private static final Path JAR = Path.of("target/noop-provisioner.jar");

  private record Process(int exitCode, String stdout, String stderr) {}

  private static Process java(List<String> args, Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    Path out = Files.createTempFile("noop-out", ".txt");
    Path err = Files.createTempFile("noop-err", ".txt");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    java.lang.Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("provisioner finished").isTrue();
    return new Process(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void sigtermStopsTheToolRunsCleanupFlushesAndExits143(@TempDir Path root) throws Exception {
    copySampleWithConfig(
        root,
        "{\"simulate_slow_task\": 60, \"simulate_stubborn_child\": true,"
            + " \"execution\": {\"grace_period\": \"1s\"}}");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // --in-place: the children's working directory is then under root, where they are looked for.
    command.addAll(
        List.of("-jar", JAR.toString(), "provision", "--inputs", root.toString(), "--in-place"));
    java.lang.Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader output =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    // Wait until the child tool runs: its own first line is the synchronisation point.
    while ((line = output.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.equals("slow-task: tool started")) {
        break;
      }
    }
    assertThat(seen).contains("slow-task: tool started");
    List<ProcessHandle> children = process.toHandle().descendants().toList();
    assertThat(children).isNotEmpty();
    // The stubborn child has left the tree (its subshell exited): find it by its argument.
    List<ProcessHandle> stubborn = stubbornChildrenOf(root.toRealPath());
    assertThat(stubborn).as("the double-forked child runs").hasSize(1);

    long signalled = System.nanoTime();
    process.toHandle().destroy(); // SIGTERM, keeping our end of its output open

    output.lines().forEach(rest -> seen.append(rest).append('\n'));
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
    assertThat(process.exitValue()).isEqualTo(143);
    assertThat(seen.toString())
        .contains("cleanup: the noop provisioner has nothing to undo")
        .contains("received SIGTERM")
        .contains("still ran at the end of the grace period: sent SIGKILL");
    for (ProcessHandle child : children) {
      assertThat(child.isAlive()).as("child %d stopped", child.pid()).isFalse();
    }
    assertThat(isRunning(stubborn.get(0).pid())).as("the stubborn child was stopped").isFalse();
    // The guarantee: exit within the grace period (1 s). The bound is 5 times that plus a second
    // of JVM exit, for a loaded runner; a missed SIGKILL would wait for the 30 s above.
    assertThat(tookMillis).isLessThan(5 * (1_000 + 1_000));
  }

  /** Processes whose arguments name the noop's stubborn child and the run's input directory. */
  private static List<ProcessHandle> stubbornChildrenOf(Path root) {
    return ProcessHandle.allProcesses()
        .filter(
            handle ->
                handle.info().arguments().stream()
                    .flatMap(Arrays::stream)
                    .anyMatch("noop-stubborn-child"::equals))
        .filter(handle -> workingDirectory(handle.pid()).startsWith(root))
        .toList();
  }

  private static Path workingDirectory(long pid) {
    try {
      return Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "cwd"));
    } catch (IOException e) {
      return Path.of("/gone");
    }
  }

  /** Exists and is not a zombie (which {@link ProcessHandle#isAlive} counts as alive). */
  private static boolean isRunning(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  private static void copySampleWithConfig(Path root, String config) throws IOException {
    TestInputs.fromDirectory(Path.of("sample")).writeTo(root);
    Files.writeString(root.resolve("config.json"), config);
  }

  private static String sampleSecrets() throws IOException {
    return Files.readString(Path.of("sample/secrets.json"));
  }

  @Test
  void localRunOfTheSampleSucceedsAndMasksSecrets() throws Exception {
    Process run = java(List.of("provision", "--inputs", "sample"), Map.of());

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).contains("Provisioning ecomm-prod-api-abc1 in step src");
    assertThat(run.stderr()).contains("[INFO] noop-provisioner 0.1.0: provision step=src");
    assertThat(run.stdout() + run.stderr())
        .doesNotContain("hunter2-but-much-longer-9f8e7d", "sk_live_51Hx9QzExampleKeyNotReal00abc")
        .doesNotContain("MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAu1SU1LfVLPHCozMx");
    assertThat(sampleSecrets()).contains("hunter2-but-much-longer-9f8e7d");
    SampleLeaks.assertNoLeak(run.stdout() + run.stderr());
    assertThat(run.stdout())
        .contains("  DATABASE_URL: ***"); // base64 that decodes to a secret: masked whole
  }

  @Test
  void containerModeReadsTheEnvironmentAndExitsTwoOnUnknownAction() throws Exception {
    Process run =
        java(
            List.of(),
            Map.of("MASSDRIVER_DEPLOYMENT_ACTION", "destroy", "MASSDRIVER_STEP_PATH", "src"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("unknown action 'destroy'", "plan, provision, decommission");
  }
}
