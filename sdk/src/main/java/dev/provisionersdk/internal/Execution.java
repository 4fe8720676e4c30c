package dev.provisionersdk.internal;

import dev.provisionersdk.Action;
import dev.provisionersdk.CommandRunner;
import dev.provisionersdk.Controls;
import dev.provisionersdk.DeploymentContext;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.internal.exec.ControlledRun;
import dev.provisionersdk.internal.exec.MaskedCommandRunner;
import dev.provisionersdk.internal.exec.ProcessCommandRunner;
import dev.provisionersdk.internal.exec.Supervisor;
import dev.provisionersdk.internal.output.ProcessOutput;
import dev.provisionersdk.internal.output.RunOutput;
import dev.provisionersdk.internal.output.ScopedOutput;
import dev.provisionersdk.internal.redact.Redactor;
import dev.provisionersdk.internal.resources.ResourceApis;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a provisioner, from arguments and environment to an exit code: masks the output,
 * parses the local-runner command line when there is one, reads the context and the inputs, calls
 * the handler and maps the outcome to an exit code.
 *
 * <p>As the process's main program ({@link #execute(String[], Map)}) the masking of standard output
 * and error stays until the process exits ({@link ProcessOutput}); with explicit streams it lasts
 * for the run and everything is put back ({@link ScopedOutput}). Either way {@code System.out} and
 * {@code System.err} are replaced, so runs in one JVM must not overlap; {@link #execute} serialises
 * them.
 */
public final class Execution {
  /** Where the platform puts the inputs in a container. */
  public static final Path CONTAINER_INPUT_DIRECTORY = Path.of("/massdriver");

  private static final Object SYSTEM_STREAMS_LOCK = new Object();

  /** After the grace period, how long SIGTERM waits for the run to flush its output. */
  private static final long TERMINATION_MARGIN_MILLIS = 500;

  private final String provisionerName;
  private final String provisionerVersion;
  private final Dispatcher dispatcher;
  private final Path containerInputDirectory;

  /**
   * Creates an execution.
   *
   * @param provisionerName the provisioner's name, for help and logs
   * @param provisionerVersion the provisioner's version, for help and logs
   * @param dispatcher the user's handlers
   * @param containerInputDirectory where inputs are read when there are no arguments
   */
  public Execution(
      String provisionerName,
      String provisionerVersion,
      Dispatcher dispatcher,
      Path containerInputDirectory) {
    this.provisionerName = Objects.requireNonNull(provisionerName, "provisionerName");
    this.provisionerVersion = Objects.requireNonNull(provisionerVersion, "provisionerVersion");
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    this.containerInputDirectory =
        Objects.requireNonNull(containerInputDirectory, "containerInputDirectory");
  }

  /**
   * Runs the provisioner once as the process's main program: its standard output and error are
   * masked from now until the process exits, including file descriptors 1 and 2 (see {@link
   * ProcessOutput}); nothing is put back afterwards.
   *
   * @param args the command line: empty in a container, an action and options for a local run
   * @param environment the process environment
   * @return the exit code, see {@link ExitCode}
   */
  public int execute(String[] args, Map<String, String> environment) {
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(environment, "environment");
    synchronized (SYSTEM_STREAMS_LOCK) {
      return supervise(args, environment, ProcessOutput.install().startRun());
    }
  }

  /**
   * Runs the provisioner once into the given streams, masked; {@code System.out}, {@code
   * System.err} and the rest are put back afterwards (the test kit's in-process runs, see {@link
   * ScopedOutput}).
   *
   * @param args the command line: empty in a container, an action and options for a local run
   * @param environment the process environment
   * @param out where standard output goes, masked
   * @param err where standard error goes, masked
   * @return the exit code, see {@link ExitCode}
   */
  public int execute(
      String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(environment, "environment");
    synchronized (SYSTEM_STREAMS_LOCK) {
      return supervise(args, environment, ScopedOutput.install(out, err));
    }
  }

  /** Runs with the SIGTERM hook in place; ends (closes) the output before the hook may return. */
  private int supervise(String[] args, Map<String, String> environment, RunOutput output) {
    // The token is masked before the first byte is written, whichever way the run goes.
    output.redactor().register(environment.get("MASSDRIVER_TOKEN"));
    Supervisor supervisor = new Supervisor(Controls.defaults().gracePeriod());
    CountDownLatch finished = new CountDownLatch(1);
    // The final flush waits for the run and, once it has started, for this hook: the hook's last
    // act (SIGKILL to what is left) logs, and that line must not come after the flush.
    CountDownLatch stopped = new CountDownLatch(2);
    Thread terminationHook =
        new Thread(
            () -> {
              try {
                terminate(supervisor, finished);
              } finally {
                stopped.countDown();
              }
            },
            "provisioner-sigterm");
    Runtime.getRuntime().addShutdownHook(terminationHook);
    output.holdExitUntil(stopped, () -> supervisor.gracePeriod().plusSeconds(5));
    try {
      return run(args, environment, output, supervisor);
    } finally {
      try {
        // No process the run started outlives it, however it forked; what they printed last is
        // then in the output, which closing flushes.
        supervisor.finish();
        output.close();
      } finally {
        if (removeQuietly(terminationHook)) {
          stopped.countDown(); // the hook will never run
        }
        stopped.countDown();
        finished.countDown();
      }
    }
  }

  /**
   * Runs in the JVM's shutdown hook on SIGTERM: stops the work and its processes, then holds the
   * JVM until the run has cleaned up, stopped its processes and flushed its masked output — within
   * the grace period and a little more (the exit must follow within a second of it). Whatever is
   * still running then gets SIGKILL.
   */
  private static void terminate(Supervisor supervisor, CountDownLatch finished) {
    supervisor.terminate();
    try {
      finished.await(
          supervisor.timeLeftToStop().toMillis() + TERMINATION_MARGIN_MILLIS,
          TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    supervisor.killRemaining();
  }

  /** Removes the hook; false when the JVM is shutting down, so that the hook runs or has run. */
  private static boolean removeQuietly(Thread hook) {
    try {
      return Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down (SIGTERM): the hook is running and waits for this run.
      return false;
    }
  }

  private int run(
      String[] args, Map<String, String> environment, RunOutput output, Supervisor supervisor) {
    Redactor redactor = output.redactor();
    PrintStream out = output.out();
    PrintStream err = output.err();
    Invocation invocation;
    if (args.length == 0) {
      invocation = new Invocation(containerInputDirectory, environment);
    } else {
      LocalRunner.Parsed parsed =
          LocalRunner.parse(provisionerName, versionLines(), args, environment, out, err);
      if (parsed.check().isPresent()) {
        LocalRunner.CheckRequest check = parsed.check().get();
        try {
          return new Check(check.inputs(), check.step(), dispatcher.ownedResources())
              .run(new Json(), redactor, out);
        } catch (RuntimeException | LinkageError failure) {
          return Failures.report(null, failure, err);
        }
      }
      if (parsed.invocation().isEmpty()) {
        return parsed.exitCode;
      }
      invocation = parsed.invocation().get();
      redactor.register(invocation.environment().get("MASSDRIVER_TOKEN"));
      LocalInputs local = new LocalInputs(parsed.settings);
      try {
        Path workDirectory;
        try {
          workDirectory = local.prepare(new Json(), redactor);
        } catch (RuntimeException | LinkageError failure) {
          return Failures.report(null, failure, err);
        }
        return runAction(
            new Invocation(workDirectory, invocation.environment(), true), output, supervisor);
      } finally {
        local.finish();
      }
    }
    return runAction(invocation, output, supervisor);
  }

  private int runAction(Invocation invocation, RunOutput output, Supervisor supervisor) {
    Redactor redactor = output.redactor();
    PrintStream out = output.out();
    PrintStream err = output.err();
    Action action = null;
    try {
      DeploymentContext context = EnvironmentContext.fromEnvironment(invocation.environment());
      action = context.action();
      Json json = new Json();
      CommandRunner runner =
          dispatcher
              .commandRunner()
              .<CommandRunner>map(custom -> new MaskedCommandRunner(custom, redactor))
              .orElseGet(
                  () ->
                      new ProcessCommandRunner(
                          supervisor,
                          redactor,
                          invocation.environment(),
                          LoadedRequest.stepDirectory(invocation.inputDirectory(), context),
                          out,
                          err));
      LoadedRequest request =
          LoadedRequest.load(
              context,
              invocation.environment(),
              invocation.inputDirectory(),
              json,
              redactor,
              ResourceApis.forRun(
                  context, invocation.environment(), invocation.local(), redactor, json::mapper),
              supervisor,
              runner);
      Logger log = LoggerFactory.getLogger("dev.provisionersdk");
      log.info(
          "{} {}: {} step={} instance={} (Provisioner SDK {})",
          provisionerName,
          provisionerVersion,
          action.wireName(),
          context.stepPath(),
          context.instanceId().orElse("unknown"),
          SdkVersion.get());
      if (!dispatcher.handles(action)) {
        throw ProvisionerException.invalidInput(
            provisionerName
                + " has no "
                + action.wireName()
                + " handler — register one with Provisioner.builder(...)."
                + action.wireName()
                + "(...) or remove this provisioner from steps that "
                + action.wireName());
      }
      Controls controls = request.executionConfig().forHandler(dispatcher.controls());
      supervisor.gracePeriod(controls.gracePeriod());
      // Templates, owned fields, libraries, ids and credentials: checked before the handler's work.
      request.resourceSession().prepare(dispatcher.ownedResources());
      // Children and native code may print from here on: their output must be masked too.
      output.beforeHandler();
      long started = System.nanoTime();
      new ControlledRun(supervisor)
          .run(action.wireName(), controls, request, () -> dispatcher.dispatch(request));
      // Resources: publish the .jq templates after provision, delete fields after decommission.
      request.resourceSession().afterSuccess();
      log.info(
          "{} succeeded in {} ms", action.wireName(), (System.nanoTime() - started) / 1_000_000);
      return ExitCode.OK;
    } catch (Exception | LinkageError | AssertionError | StackOverflowError failure) {
      return Failures.report(action, failure, err);
    }
  }

  private String[] versionLines() {
    return new String[] {
      provisionerName + " " + provisionerVersion, "Provisioner SDK " + SdkVersion.get()
    };
  }
}
