package dev.provisionersdk.internal;

import dev.provisionersdk.Action;
import dev.provisionersdk.ExitCode;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The command line for running a provisioner on a laptop: {@code plan|provision|decommission
 * --inputs DIR [--step PATH] [--env NAME=VALUE]...}, and {@code check}. It fakes the platform's
 * environment and prepares a fresh copy of the inputs directory as the platform prepares {@code
 * /massdriver} ({@link LocalInputs}), then hands over to the same code path a container run takes.
 * Loaded only when there are arguments, so a container run never pays for picocli.
 *
 * <p>Not thread-safe: one instance per command line.
 */
@Command(
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Runs this Massdriver provisioner locally, the way the platform runs it in a container,"
          + " in a fresh copy of the inputs directory; 'check' reports what the platform would"
          + " reject, without running anything.",
      "Inside the container it takes no arguments: it reads MASSDRIVER_* variables and /massdriver."
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0    the action succeeded",
      "  1    the handler failed",
      "  2    bad input or usage",
      "  124  the action, a task or a command timed out",
      "  143  the provisioner was terminated",
      "  any other code is passed through from a ProvisionerException (e.g. a wrapped tool's)"
    })
final class LocalRunner {
  /** Values the fake environment starts from; {@code --env} overrides them. */
  static final Map<String, String> LOCAL_DEFAULTS =
      Map.of(
          "MASSDRIVER_DEPLOYMENT_ID", "local-deployment",
          "MASSDRIVER_INSTANCE_ID", "local-instance",
          "MASSDRIVER_ORGANIZATION_ID", "local");

  private final Map<String, String> processEnvironment;
  private Invocation invocation;
  private LocalInputs.Settings settings;
  private CheckRequest check;

  /**
   * A {@code check} to run.
   *
   * @param inputs the inputs directory
   * @param step the step path
   */
  record CheckRequest(Path inputs, String step) {}

  private LocalRunner(Map<String, String> processEnvironment) {
    this.processEnvironment = processEnvironment;
  }

  /** Options shared by the three action commands. */
  static final class RunOptions {
    @Option(
        names = {"-i", "--inputs"},
        paramLabel = "DIR",
        defaultValue = ".",
        description = {
          "Directory laid out like /massdriver: params.json, connections.json, config.json,"
              + " envs.json, secrets.json and bundle/ with the step directory.",
          "A missing JSON file reads as {}. Default: ${DEFAULT-VALUE}"
        })
    Path inputs;

    @Option(
        names = {"-s", "--step"},
        paramLabel = "PATH",
        defaultValue = "src",
        description =
            "The step's path in the bundle (MASSDRIVER_STEP_PATH). Default: ${DEFAULT-VALUE}")
    String step;

    @Option(
        names = {"-e", "--env"},
        paramLabel = "NAME=VALUE",
        description = {
          "Set an environment variable of the run; repeatable. Overrides the local defaults"
              + " MASSDRIVER_DEPLOYMENT_ID=local-deployment, MASSDRIVER_INSTANCE_ID=local-instance"
              + " and MASSDRIVER_ORGANIZATION_ID=local.",
          "MASSDRIVER_* variables of your shell are not passed through: set them here.",
          "Resources are only logged, never sent, unless MASSDRIVER_URL is set here."
        })
    Map<String, String> env = new LinkedHashMap<>();

    @Option(
        names = "--compile-config",
        description = {
          "Compile config.json from the step's config block in bundle/massdriver.yaml even when"
              + " the inputs directory has one (without one, it is always compiled)."
        })
    boolean compileConfig;

    @Option(
        names = "--config-set",
        paramLabel = "KEY.PATH=VALUE",
        description = {
          "Override one config.json value for this run, after compilation; repeatable. VALUE is"
              + " JSON (30, true, \"text\", {...}), or text when it is not JSON.",
          "E.g. --config-set backend_url=file:///tmp/state"
        })
    Map<String, String> configSet = new LinkedHashMap<>();

    @Option(
        names = "--keep-work-dir",
        description = {
          "Keep the run's working copy of the inputs directory (printed at the start). Each run"
              + " works in a fresh copy, as the platform starts each run with a fresh /massdriver;"
              + " the inputs directory itself is never written."
        })
    boolean keepWorkDirectory;

    @Option(
        names = "--in-place",
        description = {
          "Run in the inputs directory itself instead of a fresh copy: the run (and a compiled"
              + " config.json) writes into it. For tests that inspect what a run left behind."
        })
    boolean inPlace;
  }

  /** Options of {@code check}. */
  static final class CheckOptions {
    @Option(
        names = {"-i", "--inputs"},
        paramLabel = "DIR",
        defaultValue = ".",
        description = "Directory laid out like /massdriver. Default: ${DEFAULT-VALUE}")
    Path inputs;

    @Option(
        names = {"-s", "--step"},
        paramLabel = "PATH",
        defaultValue = "src",
        description = "The step's path in the bundle. Default: ${DEFAULT-VALUE}")
    String step;
  }

  @Command(
      name = "check",
      description = {
        "Check everything the platform would reject, without running anything: the input files,"
            + " the step's config block compiled over them, params and connections against the"
            + " bundle's schemas, resource declarations and .jq templates.",
        "Reports every problem, grouped by file; exits 0 when there is none, 2 otherwise."
      },
      mixinStandardHelpOptions = true)
  int check(@Mixin CheckOptions options) {
    check = new CheckRequest(options.inputs, options.step);
    return 0;
  }

  @Command(name = "plan", description = "Run the plan action.", mixinStandardHelpOptions = true)
  int plan(@Mixin RunOptions options) {
    return prepare(Action.PLAN, options);
  }

  @Command(
      name = "provision",
      description = "Run the provision action.",
      mixinStandardHelpOptions = true)
  int provision(@Mixin RunOptions options) {
    return prepare(Action.PROVISION, options);
  }

  @Command(
      name = "decommission",
      description = "Run the decommission action.",
      mixinStandardHelpOptions = true)
  int decommission(@Mixin RunOptions options) {
    return prepare(Action.DECOMMISSION, options);
  }

  private int prepare(Action action, RunOptions options) {
    Map<String, String> environment = new HashMap<>();
    processEnvironment.forEach(
        (name, value) -> {
          if (!name.startsWith("MASSDRIVER_")) {
            environment.put(name, value);
          }
        });
    environment.putAll(LOCAL_DEFAULTS);
    environment.put("MASSDRIVER_DEPLOYMENT_ACTION", action.wireName());
    environment.put("MASSDRIVER_STEP_PATH", options.step);
    environment.putAll(options.env);
    invocation = new Invocation(options.inputs, environment, true);
    settings =
        new LocalInputs.Settings(
            options.inputs,
            options.step,
            options.compileConfig,
            options.configSet,
            options.keepWorkDirectory,
            options.inPlace);
    return 0;
  }

  /** The outcome of parsing a command line: a run to perform, a check, or an exit code. */
  static final class Parsed {
    final Invocation invocation;
    final LocalInputs.Settings settings;
    final CheckRequest check;
    final int exitCode;

    private Parsed(
        Invocation invocation, LocalInputs.Settings settings, CheckRequest check, int exitCode) {
      this.invocation = invocation;
      this.settings = settings;
      this.check = check;
      this.exitCode = exitCode;
    }

    Optional<Invocation> invocation() {
      return Optional.ofNullable(invocation);
    }

    Optional<CheckRequest> check() {
      return Optional.ofNullable(check);
    }
  }

  /**
   * Parses a command line. Help, version and usage errors are printed here and end the run.
   *
   * @param name the provisioner's name, shown in help
   * @param versionLines what {@code --version} prints
   * @param args the command line
   * @param processEnvironment the real environment
   * @param out standard output
   * @param err standard error
   * @return the run to perform, or the exit code to end with
   */
  static Parsed parse(
      String name,
      String[] versionLines,
      String[] args,
      Map<String, String> processEnvironment,
      PrintStream out,
      PrintStream err) {
    LocalRunner runner = new LocalRunner(processEnvironment);
    CommandLine commandLine = new CommandLine(runner);
    commandLine.setCommandName(name);
    commandLine.getCommandSpec().version(versionLines);
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      sub.getCommandSpec().version(versionLines);
    }
    commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    commandLine.setExecutionStrategy(
        parseResult -> {
          if (!parseResult.hasSubcommand()
              && !parseResult.isUsageHelpRequested()
              && !parseResult.isVersionHelpRequested()) {
            throw new CommandLine.ParameterException(
                parseResult.commandSpec().commandLine(),
                "Missing action: expected one of "
                    + EnvironmentContext.ACTION_NAMES
                    + ", or check");
          }
          return new CommandLine.RunLast().execute(parseResult);
        });
    commandLine.setParameterExceptionHandler(
        (exception, arguments) -> {
          CommandLine failed = exception.getCommandLine();
          PrintWriter writer = failed.getErr();
          writer.println("error: " + exception.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(exception, writer);
          writer.println(
              "Actions: "
                  + EnvironmentContext.ACTION_NAMES
                  + "; and check. Run '"
                  + failed.getCommandSpec().qualifiedName()
                  + " --help' for the options.");
          return ExitCode.INVALID_INPUT;
        });
    int exitCode = commandLine.execute(args);
    return new Parsed(runner.invocation, runner.settings, runner.check, exitCode);
  }
}
