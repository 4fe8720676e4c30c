package dev.provisionersdk.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisionersdk.testing.RunResult;
import dev.provisionersdk.testing.RunResultAssert;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The adversarial suite: {@link LeakyProvisioner} run as a real process from its packaged jar, one
 * scenario per run, on the build's JDK and on a JDK 17–21 when one is installed (both mask file
 * descriptors 1 and 2 through the SDK's JNI library), and with the native calls out of reach
 * (stream-level masking). Every run's output is checked with the test kit's leak check, which
 * computes the secrets' forms itself.
 */
// Two cases at a time: each waits on its own processes, and the load makes the races likelier.
@Execution(ExecutionMode.CONCURRENT)
class MaskingIT {
  private static final Path JAR = Path.of("target/adversarial-provisioner.jar");
  private static final Path SAMPLE = Path.of("sample");
  private static final String TOKEN = "adversarial-token-7Yq2Lw9Zx4mK";

  /** Paths that only masking of the file descriptors covers (the native calls). */
  private static final Set<String> DESCRIPTOR_SCENARIOS = Set.of("file-descriptor", "inherit-io");

  /**
   * A JVM option that keeps the SDK's JNI library from loading: it is copied to {@code
   * java.io.tmpdir} first, and this directory does not exist.
   */
  private static final String NO_JNI_LIBRARY = "-Djava.io.tmpdir=/nonexistent/provisioner-sdk";

  /**
   * A JDK to run the jar on, with native calls (descriptors masked) or without: then the JVM gets
   * {@link #NO_JNI_LIBRARY} and the scenarios leave out their descriptor-level writes ({@code
   * LEAK_JAVA_ONLY}), which docs/redaction.md's table lists as not covered.
   */
  record Jdk(String name, Path java, int feature, boolean nativeCalls) {
    Jdk(String name, Path java, int feature) {
      this(name, java, feature, true);
    }

    Jdk withoutNativeCalls() {
      return new Jdk(name + " without native calls", java, feature, false);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private record Run(int exitCode, String stdout, String stderr) {}

  static List<Jdk> jdks() throws IOException {
    List<Jdk> jdks = new ArrayList<>();
    Path home = Path.of(System.getProperty("java.home"));
    jdks.add(
        new Jdk("JDK " + Runtime.version().feature(), home.resolve("bin/java"), feature(home)));
    Path installed = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(installed)) {
      try (Stream<Path> homes = Files.list(installed).sorted()) {
        homes
            .filter(candidate -> Files.isExecutable(candidate.resolve("bin/java")))
            .filter(candidate -> !Files.isSymbolicLink(candidate))
            .filter(candidate -> feature(candidate) > 0 && feature(candidate) < 22)
            .findFirst()
            .ifPresent(
                old ->
                    jdks.add(
                        new Jdk("JDK " + feature(old), old.resolve("bin/java"), feature(old))));
      }
    }
    if (oldJdk(jdks).isEmpty()) {
      // Listed all the same, so that its cases are reported as skipped rather than dropped.
      jdks.add(new Jdk("JDK 17-21 (none under /usr/lib/jvm)", null, 17));
    }
    return jdks;
  }

  /** Skips a case whose JDK is not installed, or that needs the JNI library a build left out. */
  private static void assumeRunnable(Jdk jdk) {
    Assumptions.assumeTrue(jdk.java() != null, "no JDK 17-21 under /usr/lib/jvm");
    Assumptions.assumeFalse(
        jdk.nativeCalls() && Boolean.getBoolean("provisionersdk.native.skip"),
        "built with -Dnative.skip: no JNI library");
  }

  /** The first JDK 17–21 of {@code jdks}: provisioners on a JDK 17 base run there. */
  private static Optional<Jdk> oldJdk(List<Jdk> jdks) {
    return jdks.stream().filter(jdk -> jdk.feature() < 22).findFirst();
  }

  /** The JDK's feature version from its {@code release} file, 0 when unknown. */
  private static int feature(Path home) {
    try {
      for (String line : Files.readAllLines(home.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          return Integer.parseInt(version.split("[.+-]")[0]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  static Stream<Arguments> scenarios() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    List<Jdk> jdks = jdks();
    for (Jdk jdk : jdks) {
      for (String scenario : LeakyProvisioner.SCENARIOS) {
        cases.add(Arguments.of(scenario, jdk));
      }
    }
    // Stream-level masking, where the native calls are out of reach, on the oldest JDK.
    oldJdk(jdks)
        .map(Jdk::withoutNativeCalls)
        .ifPresent(
            old -> {
              for (String scenario : LeakyProvisioner.SCENARIOS) {
                if (!DESCRIPTOR_SCENARIOS.contains(scenario)) {
                  cases.add(Arguments.of(scenario, old));
                }
              }
            });
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("scenarios")
  void scenarioLeaksNothing(String scenario, Jdk jdk, @TempDir Path root) throws Exception {
    assumeRunnable(jdk);
    Path inputs = copySample(root);
    Run run =
        scenario.equals("sigterm") ? runUntilSigterm(jdk, inputs) : run(jdk, scenario, inputs);

    result(run, inputs).exitedWith(expectedExitCode(scenario)).leaksNoSecrets();
    String output = run.stdout() + run.stderr();
    switch (scenario) {
      case "exit-in-handler" -> {
        assertThat(run.stdout()).contains("calling System.exit(3)");
        assertThat(run.stderr()).doesNotContain("SIGTERM").doesNotContain("exit code 143");
        assertThat(run.stderr()).contains("System.exit");
      }
      case "uncaught" ->
          assertThat(run.stderr()).contains("thread failed with").contains("main failed after");
      case "command-failed" -> assertThat(run.stderr()).contains("exited with 7", "***");
      case "sigterm" -> assertThat(output).contains("received SIGTERM", "raw: ***");
      case "shutdown-hook" -> assertThat(run.stdout()).contains("the hook prints at exit");
      case "dump-secrets-file" -> assertThat(run.stdout()).contains("\"api_token\": \"***\"");
      default -> assertThat(output).as("the scenario printed its secrets, masked").contains("***");
    }
  }

  @Test
  void duplicateKeysInSecretsJsonAreRejectedBeforeAnythingPrints(@TempDir Path root)
      throws Exception {
    Path inputs = copySample(root);
    Files.writeString(
        inputs.resolve("secrets.json"),
        "{\"dup_key\": \"first-value-AAAA-1111\", \"other\": \"x-y-z-w\","
            + " \"dup_key\": \"second-value-BBBB-2222\"}");
    for (Jdk jdk : jdks()) {
      if (jdk.java() == null) {
        continue;
      }
      Run run = run(jdk, "dump-secrets-file", inputs);
      result(run, inputs).exitedWith(2).leaksNoSecrets();
      assertThat(run.stderr()).contains("secrets.json").contains("dup_key").contains("twice");
    }
  }

  @Test
  void withNativeAccessRefusedTheRunSaysWhatIsNotMaskedAndStillMasksTheJavaStreams(
      @TempDir Path root) throws Exception {
    Jdk current = jdks().get(0);
    Assumptions.assumeTrue(current.feature() >= 24, "--illegal-native-access needs JDK 24+");
    Path inputs = copySample(root);
    ProcessBuilder builder =
        command(current, "stdout", inputs, root.resolve("o"), root.resolve("e"));
    onClassPath(builder).command().set(1, "--illegal-native-access=deny");
    Process process = builder.start();
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
    Run run = new Run(process.exitValue(), read(root.resolve("o")), read(root.resolve("e")));

    result(run, inputs).succeeded().leaksNoSecrets();
    assertThat(run.stderr())
        .contains("file descriptors 1 and 2 are not masked")
        .contains("--enable-native-access=ALL-UNNAMED");
  }

  /**
   * A JVM started without {@code --enable-native-access} (a user's own entrypoint, an IDE, {@code
   * java -cp}) still masks the descriptors where the JVM permits the load: JDK 24 and 25 print
   * their one warning and go on.
   */
  @Test
  void withoutTheNativeAccessFlagTheDescriptorsAreStillMasked(@TempDir Path root) throws Exception {
    Jdk current = jdks().get(0);
    assumeRunnable(current);
    for (String scenario : DESCRIPTOR_SCENARIOS) {
      Path inputs = copySample(root.resolve(scenario));
      ProcessBuilder builder =
          command(
              current,
              scenario,
              inputs,
              root.resolve(scenario + ".out"),
              root.resolve(scenario + ".err"));
      onClassPath(builder).command().remove("--enable-native-access=ALL-UNNAMED");
      Process process = builder.start();
      assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
      Run run =
          new Run(
              process.exitValue(),
              read(root.resolve(scenario + ".out")),
              read(root.resolve(scenario + ".err")));

      result(run, inputs).succeeded().leaksNoSecrets();
      assertThat(run.stdout() + run.stderr()).as(scenario).contains("***");
      assertThat(run.stderr()).as(scenario).doesNotContain("not masked");
      if (current.feature() >= 24) {
        assertThat(run.stderr()).as(scenario).contains("restricted method");
      }
    }
  }

  @Test
  void withoutTheNativeCallsTheDocumentedDescriptorGapsStillLeak(@TempDir Path root)
      throws Exception {
    Jdk old = oldJdk(jdks()).orElseThrow();
    assumeRunnable(old);
    for (String scenario : DESCRIPTOR_SCENARIOS) {
      Path inputs = copySample(root.resolve(scenario));
      Run run = run(old.withoutNativeCalls(), scenario, inputs);
      // docs/redaction.md's table: not covered without the native calls. Keep it true.
      assertThatThrownBy(() -> result(run, inputs).leaksNoSecrets())
          .as(scenario + " on " + old + " without the JNI library")
          .isInstanceOf(AssertionError.class);
      assertThat(run.stderr())
          .contains("file descriptors 1 and 2 are not masked")
          .contains("the JNI library: java.nio.file.NoSuchFileException");
    }
  }

  /**
   * Runs the provisioner with {@code -cp}, not {@code -jar}, whose manifest would grant native
   * access ({@code Enable-Native-Access}).
   */
  private static ProcessBuilder onClassPath(ProcessBuilder builder) {
    List<String> command = builder.command();
    int jar = command.indexOf("-jar");
    command.set(jar, "-cp");
    command.set(
        jar + 1, JAR.toAbsolutePath() + ":" + JAR.toAbsolutePath().resolveSibling("lib") + "/*");
    command.add(jar + 2, LeakyProvisioner.class.getName());
    return builder;
  }

  private static int expectedExitCode(String scenario) {
    return Scenarios.expectedExitCode(scenario);
  }

  private static RunResultAssert result(Run run, Path inputs) throws IOException {
    List<String> secrets = LeakCheck.secretValues(inputs.resolve("secrets.json"));
    secrets.add(TOKEN);
    return RunResultAssert.assertThat(
        RunResult.of(run.exitCode(), run.stdout(), run.stderr(), secrets));
  }

  private static Path copySample(Path root) throws IOException {
    Path inputs = root.resolve("inputs");
    try (Stream<Path> files = Files.walk(SAMPLE)) {
      for (Path source : files.toList()) {
        Path target = inputs.resolve(SAMPLE.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    return inputs;
  }

  private static ProcessBuilder command(
      Jdk jdk, String scenario, Path inputs, Path out, Path err, String... jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(jdk.java().toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    if (!jdk.nativeCalls()) {
      command.add(NO_JNI_LIBRARY);
    }
    command.addAll(List.of(jvmOptions));
    command.add("-jar");
    command.add(JAR.toAbsolutePath().toString());
    command.addAll(
        // --in-place: some runs set java.io.tmpdir to a missing directory (no JNI library), where
        // the local runner could not make its fresh copy of the inputs.
        List.of(
            "provision",
            "--inputs",
            inputs.toString(),
            "--in-place",
            "--env=MASSDRIVER_TOKEN=" + TOKEN));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.put("LEAK_SCENARIO", scenario);
    if (!jdk.nativeCalls()) {
      environment.put("LEAK_JAVA_ONLY", "1");
    }
    return builder.redirectOutput(out.toFile()).redirectError(err.toFile());
  }

  private static Run run(Jdk jdk, String scenario, Path inputs, String... jvmOptions)
      throws Exception {
    Path out = Files.createTempFile(inputs, "stdout", ".txt");
    Path err = Files.createTempFile(inputs, "stderr", ".txt");
    Process process = command(jdk, scenario, inputs, out, err, jvmOptions).start();
    boolean exited = process.waitFor(180, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    assertThat(exited).as("%s on %s exited within 180 s", scenario, jdk).isTrue();
    return new Run(process.exitValue(), read(out), read(err));
  }

  /** Starts the sigterm scenario, waits until its handler is running, then sends SIGTERM. */
  private static Run runUntilSigterm(Jdk jdk, Path inputs) throws Exception {
    Path out = Files.createTempFile(inputs, "stdout", ".txt");
    Path err = Files.createTempFile(inputs, "stderr", ".txt");
    Process process = command(jdk, "sigterm", inputs, out, err).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!read(out).contains(LeakyProvisioner.READY_FOR_SIGTERM)) {
      assertThat(process.isAlive()).as("the provisioner runs until SIGTERM").isTrue();
      assertThat(System.nanoTime()).as("ready within 120 s").isLessThan(deadline);
      process.waitFor(50, TimeUnit.MILLISECONDS); // a bounded wait on the process itself
    }
    process.destroy(); // SIGTERM
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), read(out), read(err));
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }
}
