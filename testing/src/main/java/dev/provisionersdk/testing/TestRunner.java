package dev.provisionersdk.testing;

import dev.provisionersdk.Action;
import dev.provisionersdk.internal.testkit.TestKitAccess;
import dev.provisionersdk.runtime.Provisioner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a whole provisioner in-process through its local runner, exactly the code path {@code java
 * -jar provisioner.jar plan --inputs DIR} takes, and captures the result. The run's environment is
 * the test JVM's {@code PATH} and {@code HOME} plus what {@link TestInputs#env} sets.
 *
 * <pre>{@code
 * RunResult result = TestRunner.of(MyProvisioner.provisioner()).run(Action.PLAN, inputs);
 * RunResultAssert.assertThat(result).succeeded().leaksNoSecrets();
 * }</pre>
 *
 * <p>Thread-safe; runs are serialised by the runtime because each replaces {@code System.out}.
 */
public final class TestRunner {
  private final Provisioner provisioner;

  private TestRunner(Provisioner provisioner) {
    this.provisioner = provisioner;
  }

  /**
   * Creates a runner for a provisioner.
   *
   * @param provisioner the provisioner under test
   * @return the runner
   */
  public static TestRunner of(Provisioner provisioner) {
    return new TestRunner(Objects.requireNonNull(provisioner, "provisioner"));
  }

  /**
   * Runs one action on the given inputs, written to a temporary directory that is deleted after the
   * run. For state that carries from one run to the next, use {@link #run(Action, TestInputs,
   * Path)}.
   *
   * @param action the action
   * @param inputs the inputs
   * @return the exit code and output
   */
  public RunResult run(Action action, TestInputs inputs) {
    Objects.requireNonNull(action, "action");
    Path directory = null;
    try {
      directory = Files.createTempDirectory("provisioner-test-");
      return runIn(action, inputs, directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (directory != null) {
        TestKitAccess.deleteTree(directory);
      }
    }
  }

  /**
   * Runs one action on the given inputs in a work directory the test owns, e.g. a JUnit {@code
   * TempDir}, which is never deleted here: what a run leaves in it (a tool's state file in the step
   * directory) is there for the next run and for the test's assertions. The inputs are written over
   * it before each run; other files stay.
   *
   * <pre>{@code
   * @TempDir Path work;
   * runner.run(Action.PROVISION, inputs, work);
   * RunResult result = runner.run(Action.DECOMMISSION, inputs, work); // sees provision's state
   * }</pre>
   *
   * @param action the action
   * @param inputs the inputs
   * @param workDirectory the directory the run uses as its inputs directory; created if absent
   * @return the exit code and output
   */
  public RunResult run(Action action, TestInputs inputs, Path workDirectory) {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(workDirectory, "workDirectory");
    try {
      Files.createDirectories(workDirectory);
      return runIn(action, inputs, workDirectory.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private RunResult runIn(Action action, TestInputs inputs, Path directory) {
    inputs.writeTo(directory);
    List<String> args = new ArrayList<>();
    args.add(action.wireName());
    args.add("--inputs");
    args.add(directory.toString());
    // The directory is this run's own (a fresh temporary one, or the test's work directory, whose
    // state is meant to carry over): no second copy, as the local runner makes for a sample.
    args.add("--in-place");
    args.add("--step");
    args.add(inputs.step());
    inputs.environment().forEach((name, value) -> args.add("--env=" + name + "=" + value));
    return runArgs(args.toArray(String[]::new), toolEnvironment(), inputs.secretValues());
  }

  /**
   * Runs {@code check} on the given inputs: every offline check of the input files, the step's
   * config block, the bundle's schemas, resource declarations and {@code .jq} templates. The report
   * is on {@link RunResult#stdout()}; the exit code is 0 when there is no problem, 2 otherwise.
   *
   * @param inputs the inputs
   * @return the exit code and report
   */
  public RunResult check(TestInputs inputs) {
    Path directory = null;
    try {
      directory = Files.createTempDirectory("provisioner-check-");
      inputs.writeTo(directory);
      String[] args = {"check", "--inputs", directory.toString(), "--step", inputs.step()};
      return runArgs(args, toolEnvironment(), inputs.secretValues());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (directory != null) {
        TestKitAccess.deleteTree(directory);
      }
    }
  }

  /**
   * Runs the provisioner with a raw command line and environment, e.g. to test an unknown action or
   * the container path (no arguments, {@code MASSDRIVER_*} in the environment).
   *
   * @param args the command line
   * @param environment the process environment
   * @return the exit code and output; {@link RunResult#secretValues()} holds {@code
   *     MASSDRIVER_TOKEN} if set
   */
  public RunResult run(String[] args, Map<String, String> environment) {
    List<String> secrets = new ArrayList<>();
    String token = new HashMap<>(environment).get("MASSDRIVER_TOKEN");
    if (token != null) {
      secrets.add(token);
    }
    return runArgs(args, environment, secrets);
  }

  /**
   * The part of the test JVM's environment a local run passes to tools: where to find them and the
   * user's home. Everything else comes from {@link TestInputs#env}, so runs are reproducible.
   */
  private static Map<String, String> toolEnvironment() {
    Map<String, String> environment = new HashMap<>();
    for (String name : new String[] {"PATH", "HOME"}) {
      String value = System.getenv(name);
      if (value != null) {
        environment.put(name, value);
      }
    }
    return environment;
  }

  private RunResult runArgs(String[] args, Map<String, String> environment, List<String> secrets) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exitCode = provisioner.execute(args, environment, outStream, errStream);
    }
    return new RunResult(
        exitCode,
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8),
        secrets);
  }
}
