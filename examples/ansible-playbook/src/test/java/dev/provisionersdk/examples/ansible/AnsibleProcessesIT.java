package dev.provisionersdk.examples.ansible;

import static dev.provisionersdk.examples.ansible.AnsibleFixture.sample;
import static dev.provisionersdk.examples.ansible.AnsibleFixture.withPlaybook;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged provisioner as its own JVM, stopped while the real Ansible runs a long task: by its
 * timeout and by SIGTERM. Every process of the run carries a marker variable in its environment
 * (Ansible passes the environment on to its workers and to the modules it runs), which is how the
 * test finds them in {@code /proc}: none may be left behind.
 */
class AnsibleProcessesIT {
  private static final String MARKER_VARIABLE = "ANSIBLE_IT_MARKER";

  @TempDir Path root;
  @TempDir Path sandbox;
  private final String marker = "ansible-it-" + UUID.randomUUID();
  private Process provisioner;
  private Path output;

  @BeforeAll
  static void ansible() throws Exception {
    AnsibleFixture.ensureAnsible();
  }

  @AfterEach
  void stopLeftovers() {
    // A failed test must not leave Ansible running on the build machine.
    if (provisioner != null) {
      provisioner.destroyForcibly();
    }
    for (MarkedProcess process : marked()) {
      ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private record MarkedProcess(long pid, List<String> commandLine) {
    boolean runs(String program, String argument) {
      return commandLine.size() > 1
          && commandLine.stream().anyMatch(word -> word.endsWith(program))
          && commandLine.contains(argument);
    }
  }

  /** The processes whose environment holds this test's marker (live ones; zombies have none). */
  private List<MarkedProcess> marked() {
    byte[] needle = (MARKER_VARIABLE + "=" + marker).getBytes(StandardCharsets.UTF_8);
    List<MarkedProcess> found = new ArrayList<>();
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process :
          processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          byte[] environment = Files.readAllBytes(process.resolve("environ"));
          if (indexOf(environment, needle) >= 0) {
            String commandLine =
                Files.readString(process.resolve("cmdline"), StandardCharsets.UTF_8);
            found.add(
                new MarkedProcess(
                    Long.parseLong(process.getFileName().toString()),
                    Arrays.asList(commandLine.split("\0"))));
          }
        } catch (IOException e) {
          // The process ended while we looked, or is not ours to read.
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return found;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private void start(String playbook, String config) throws Exception {
    withPlaybook(sample(sandbox), playbook, config).writeTo(root);
    output = sandbox.resolveSibling(sandbox.getFileName() + "-output.txt");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            AnsibleFixture.JAR.toString(),
            "provision",
            "--inputs",
            root.toString(),
            "--step",
            "test");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put(MARKER_VARIABLE, marker);
    provisioner = builder.start();
  }

  /** Waits until a process of the run matches, while the provisioner is still running. */
  private MarkedProcess await(Predicate<MarkedProcess> condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && provisioner.isAlive()) {
      for (MarkedProcess process : marked()) {
        if (condition.test(process)) {
          return process;
        }
      }
      Thread.sleep(100); // polling /proc: the condition is checked, not the time
    }
    throw new AssertionError(
        what + " never appeared; provisioner output:\n" + Files.readString(output));
  }

  private String finish() throws Exception {
    assertThat(provisioner.waitFor(90, TimeUnit.SECONDS)).as("the provisioner ended").isTrue();
    return Files.readString(output, StandardCharsets.UTF_8);
  }

  /** Waits (with a deadline) for the run's processes to be gone, and returns the survivors. */
  private List<MarkedProcess> survivors() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    List<MarkedProcess> left = marked();
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      left = marked();
    }
    return left;
  }

  /** The private extra-vars file of the running ansible-playbook, read from its command line. */
  private static Path extraVarsFile(List<MarkedProcess> processes) {
    for (MarkedProcess process : processes) {
      int e = process.commandLine().indexOf("-e");
      if (process.commandLine().stream().anyMatch(w -> w.endsWith("ansible-playbook")) && e >= 0) {
        return Path.of(process.commandLine().get(e + 1).substring(1));
      }
    }
    throw new AssertionError("no ansible-playbook process with -e @FILE in " + processes);
  }

  private void assertPrivateAndNeverOnArgv(Path extraVars, List<MarkedProcess> processes)
      throws IOException {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(extraVars)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(extraVars.getParent())))
        .isEqualTo("rwx------");
    assertThat(Files.readString(extraVars))
        .contains("!unsafe \"" + AnsibleFixture.DB_PASSWORD + "\"");
    for (MarkedProcess process : processes) {
      assertThat(String.join(" ", process.commandLine()))
          .doesNotContain(AnsibleFixture.DB_PASSWORD, AnsibleFixture.API_TOKEN);
    }
  }

  @Test
  void aTimeoutStopsAnsibleAndEveryProcessItStartedAndRemovesThePrivateFiles() throws Exception {
    start(
        "slow.yml",
        "{\"playbook\": \"slow.yml\", \"execution\": {\"tasks\": {\"playbook\": {\"timeout\": \"25s\","
            + " \"grace_period\": \"5s\"}}}}");
    await(process -> process.runs("sleep", "607"), "the long task's sleep");
    List<MarkedProcess> running = marked();
    Path extraVars = extraVarsFile(running);
    assertPrivateAndNeverOnArgv(extraVars, running);
    assertThat(running)
        .as("ansible-playbook, its worker and the task")
        .hasSizeGreaterThanOrEqualTo(4);

    String log = finish();

    assertThat(provisioner.exitValue()).as(log).isEqualTo(124);
    assertThat(log).contains("task playbook timed out after 25s");
    assertThat(survivors()).as("processes of the run still alive").isEmpty();
    assertThat(extraVars.getParent()).doesNotExist();
  }

  // The removal raced with the JVM's exit before the provisioner's cleanup did it: 10 runs, so that
  // a race lost one time in five shows up with a probability of 90 %.
  @RepeatedTest(10)
  void sigtermStopsAnsibleAndEveryProcessItStartedAndRemovesThePrivateFiles() throws Exception {
    start("slow.yml", "{\"playbook\": \"slow.yml\"}");
    await(process -> process.runs("sleep", "607"), "the long task's sleep");
    Path extraVars = extraVarsFile(marked());

    provisioner.toHandle().destroy(); // SIGTERM, as the platform aborts a deployment
    String log = finish();

    assertThat(provisioner.exitValue()).as(log).isEqualTo(143);
    assertThat(log).contains("received SIGTERM");
    assertThat(survivors()).as("processes of the run still alive").isEmpty();
    assertThat(extraVars.getParent()).doesNotExist();
  }

  /** Ansible's async_wrapper daemonizes the task (fork, setsid, fork): it leaves the tree. */
  @Test
  void aTimeoutStopsAnAsynchronousTaskThatAnsibleDaemonized() throws Exception {
    start(
        "async.yml",
        "{\"playbook\": \"async.yml\", \"execution\": {\"tasks\": {\"playbook\": {\"timeout\": \"25s\","
            + " \"grace_period\": \"5s\"}}}}");
    await(process -> process.runs("sleep", "609"), "the asynchronous task's sleep");

    String log = finish();

    assertThat(provisioner.exitValue()).as(log).isEqualTo(124);
    assertThat(survivors()).as("processes of the run still alive").isEmpty();
  }
}
