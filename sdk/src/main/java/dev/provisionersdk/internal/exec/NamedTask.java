package dev.provisionersdk.internal.exec;

import dev.provisionersdk.Controls;
import dev.provisionersdk.Environments;
import dev.provisionersdk.Request;
import dev.provisionersdk.Task;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a named task of a handler: applies the step config's {@code execution.tasks.<name>} entry,
 * skips the task outside its {@code only}/{@code except} environments, and runs it under its
 * controls.
 *
 * <p>Stateless and thread-safe.
 */
public final class NamedTask {
  private static final Logger LOG = LoggerFactory.getLogger("dev.provisionersdk");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

  private NamedTask() {}

  /**
   * Runs a task.
   *
   * @param name the task's name
   * @param environments where the task runs, as given in code
   * @param controls the controls given in code
   * @param config the step config's {@code execution} block
   * @param environment the deployment's environment ({@code md-environment}), if known
   * @param supervisor the run's supervisor
   * @param request passed to the task's cleanup
   * @param task the work
   * @throws Exception the task's final failure
   */
  public static void run(
      String name,
      Environments environments,
      Controls controls,
      ExecutionConfig config,
      Optional<String> environment,
      Supervisor supervisor,
      Request request,
      Task task)
      throws Exception {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(environments, "environments");
    Objects.requireNonNull(controls, "controls");
    Objects.requireNonNull(task, "task");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("task name '" + name + "' must match " + NAME.pattern());
    }
    Controls effective = config.forTask(name, controls);
    Environments where = config.environmentsForTask(name, environments);
    if (!includes(where, environment)) {
      LOG.info(
          "task {} skipped: it runs {} and this environment is {}",
          name,
          where,
          environment.orElse("unknown"));
      return;
    }
    new ControlledRun(supervisor).run("task " + name, effective, request, task);
  }

  /**
   * Says whether a task filtered by {@code environments} runs in an environment: {@code only} needs
   * a known environment among its names; {@code except} skips only the environments it names.
   *
   * @param environments the filter
   * @param environment the deployment's environment, empty when unknown
   * @return {@code true} when the task runs there
   */
  static boolean includes(Environments environments, Optional<String> environment) {
    Objects.requireNonNull(environment, "environment");
    Set<String> only = environments.only();
    if (!only.isEmpty() && (environment.isEmpty() || !only.contains(environment.get()))) {
      return false;
    }
    return environment.isEmpty() || !environments.except().contains(environment.get());
  }
}
