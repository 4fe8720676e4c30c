package dev.provisionersdk.runtime;

import dev.provisionersdk.Action;
import dev.provisionersdk.CommandRunner;
import dev.provisionersdk.Controls;
import dev.provisionersdk.DecommissionHandler;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.PlanHandler;
import dev.provisionersdk.ProvisionHandler;
import dev.provisionersdk.Request;
import dev.provisionersdk.internal.Dispatcher;
import dev.provisionersdk.internal.Execution;
import dev.provisionersdk.internal.output.ProcessOutput;
import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A provisioner: three handlers and the runtime that calls them. A {@code main} is three calls:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   Provisioner provisioner = Provisioner.builder("my-provisioner")
 *       .plan(request -> ...)
 *       .provision(request -> ...)
 *       .decommission(request -> ...)
 *       .build();
 *   System.exit(provisioner.execute(args, System.getenv()));
 * }
 * }</pre>
 *
 * <p>In a container {@code args} is empty: the action comes from {@code
 * MASSDRIVER_DEPLOYMENT_ACTION} and the inputs from {@code /massdriver}. With arguments it is the
 * local runner: {@code plan --inputs sample/ --step src} fakes the platform's environment and
 * layout from a directory and runs the same code path ({@code --help} lists the options).
 *
 * <p>Immutable and thread-safe, but runs in one JVM are serialised: a run replaces {@code
 * System.out} and {@code System.err} with masking streams.
 */
public final class Provisioner {
  private final String name;
  private final String version;
  private final PlanHandler plan;
  private final ProvisionHandler provision;
  private final DecommissionHandler decommission;
  private final Controls controls;
  private final CommandRunner commandRunner;
  private final Set<String> ownedResources;

  private Provisioner(Builder builder) {
    this.name = builder.name;
    this.version = builder.version;
    this.plan = builder.plan;
    this.provision = builder.provision;
    this.decommission = builder.decommission;
    this.controls = builder.controls;
    this.commandRunner = builder.commandRunner;
    this.ownedResources = Set.copyOf(builder.ownedResources);
  }

  /**
   * Starts building a provisioner. This also starts, on a background thread, loading the native
   * calls that {@link #execute(String[], Map)} uses to mask file descriptors 1 and 2.
   *
   * @param name the provisioner's name, shown in logs and {@code --help}, e.g. {@code
   *     pulumi-provisioner}
   * @return a builder
   */
  public static Builder builder(String name) {
    // The masking of file descriptors 1 and 2 needs the native calls: load them now, on a thread of
    // their own, while main wires its handlers.
    ProcessOutput.prepare();
    return new Builder(name);
  }

  /**
   * Runs the provisioner once as the process's main program. From this call until the process
   * exits, everything written to its standard output and error is masked: by the runtime, the
   * handler, {@code System.out}/{@code System.err}, SLF4J and JUL, threads that outlive the
   * handler, exceptions nobody catches, and (on Linux x86-64 and AArch64, with native access) also
   * whatever reaches file descriptors 1 and 2 another way (children started with {@code
   * ProcessBuilder.inheritIO()}, {@code FileDescriptor.out}, native code). The masking is never
   * undone; what is still held back is flushed when the process exits, however it exits. Calling it
   * again in the same process is fine: the masking is shared.
   *
   * @param args the command line: empty in a container
   * @param environment the process environment, normally {@code System.getenv()}
   * @return the exit code to pass to {@code System.exit}, see {@link ExitCode}
   */
  public int execute(String[] args, Map<String, String> environment) {
    Objects.requireNonNull(args, "args");
    return new Execution(name, version, new Handlers(), Execution.CONTAINER_INPUT_DIRECTORY)
        .execute(args.clone(), environment);
  }

  /**
   * Runs the provisioner once with explicit output streams, as the test kit does. Everything the
   * runtime, the handler, {@code System.out}/{@code System.err}, SLF4J's simple logger and JUL's
   * console handlers write during the run reaches {@code out} or {@code err} with every known
   * secret masked; afterwards {@code System.out}, {@code System.err} and the rest are put back. The
   * process's file descriptors are left alone: children that inherit them are not masked here.
   *
   * @param args the command line: empty in a container
   * @param environment the process environment
   * @param out standard output
   * @param err standard error
   * @return the exit code, see {@link ExitCode}
   */
  public int execute(
      String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    return new Execution(name, version, new Handlers(), Execution.CONTAINER_INPUT_DIRECTORY)
        .execute(args.clone(), environment, out, err);
  }

  /**
   * Returns the provisioner's name.
   *
   * @return the name given to {@link #builder(String)}
   */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "Provisioner[" + name + " " + version + "]";
  }

  /** Routes an action to the handler registered for it. */
  private final class Handlers implements Dispatcher {
    @Override
    public Controls controls() {
      return controls;
    }

    @Override
    public Optional<CommandRunner> commandRunner() {
      return Optional.ofNullable(commandRunner);
    }

    @Override
    public Set<String> ownedResources() {
      return ownedResources;
    }

    @Override
    public boolean handles(Action action) {
      switch (action) {
        case PLAN:
          return plan != null;
        case PROVISION:
          return provision != null;
        case DECOMMISSION:
          return decommission != null;
        default:
          return false;
      }
    }

    @Override
    public void dispatch(Request request) throws Exception {
      switch (request.action()) {
        case PLAN:
          plan.plan(request);
          break;
        case PROVISION:
          provision.provision(request);
          break;
        case DECOMMISSION:
          decommission.decommission(request);
          break;
        default:
          throw new IllegalStateException("unhandled action " + request.action());
      }
    }
  }

  /**
   * Collects a provisioner's handlers. An action without a handler fails with {@link
   * ExitCode#INVALID_INPUT} when the platform asks for it.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private final String name;
    private String version = "unversioned";
    private PlanHandler plan;
    private ProvisionHandler provision;
    private DecommissionHandler decommission;
    private Controls controls = Controls.defaults();
    private CommandRunner commandRunner;
    private final Set<String> ownedResources = new LinkedHashSet<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
    }

    /**
     * Sets the provisioner's version, shown in logs and {@code --version}.
     *
     * @param version e.g. {@code 1.2.0}; default {@code unversioned}
     * @return this builder
     */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * Sets the handler for {@code plan}.
     *
     * @param handler the handler
     * @return this builder
     */
    public Builder plan(PlanHandler handler) {
      this.plan = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Sets the handler for {@code provision}.
     *
     * @param handler the handler
     * @return this builder
     */
    public Builder provision(ProvisionHandler handler) {
      this.provision = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Sets the handler for {@code decommission}.
     *
     * @param handler the handler
     * @return this builder
     */
    public Builder decommission(DecommissionHandler handler) {
      this.decommission = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Sets the controls every handler runs under: timeout, retries, pause, cleanup. The step's
     * {@code config.json} can override them under {@code execution}. Default: {@link
     * Controls#defaults()}.
     *
     * @param controls the controls
     * @return this builder
     */
    public Builder controls(Controls controls) {
      this.controls = Objects.requireNonNull(controls, "controls");
      return this;
    }

    /**
     * Replaces the runner of {@link dev.provisionersdk.Request#run(dev.provisionersdk.Command)},
     * e.g. with a scripted one in tests. Default: real processes.
     *
     * @param commandRunner the runner
     * @return this builder
     */
    public Builder commandRunner(CommandRunner commandRunner) {
      this.commandRunner = Objects.requireNonNull(commandRunner, "commandRunner");
      return this;
    }

    /**
     * Declares resource fields this provisioner owns in every step it runs, besides those with a
     * {@code artifact_<field>.jq}/{@code resource_<field>.jq} template in the step directory: after
     * a successful {@code decommission}, the runtime deletes exactly the step's templates' fields
     * and these, never the bundle's other fields (another step, e.g. an OpenTofu one, owns those).
     * Each must be declared in {@code massdriver.yaml}; checked before the handler runs (exit code
     * 2). Calling it again adds fields. Default: none.
     *
     * @param fields the fields, e.g. {@code "database"}
     * @return this builder
     */
    public Builder ownsResources(String... fields) {
      for (String field : Objects.requireNonNull(fields, "fields")) {
        ownedResources.add(Objects.requireNonNull(field, "field"));
      }
      return this;
    }

    /**
     * Builds the provisioner.
     *
     * @return the provisioner
     */
    public Provisioner build() {
      return new Provisioner(this);
    }
  }
}
