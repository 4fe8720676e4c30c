package dev.provisionersdk.internal;

import dev.provisionersdk.Action;
import dev.provisionersdk.CommandRunner;
import dev.provisionersdk.Controls;
import dev.provisionersdk.Request;
import java.util.Optional;
import java.util.Set;

/** Runs the user's handler for an action; built by the public entry point from its handlers. */
public interface Dispatcher {
  /**
   * Returns whether a handler is registered for an action.
   *
   * @param action the action
   * @return {@code true} when {@link #dispatch} can run it
   */
  boolean handles(Action action);

  /**
   * Runs the handler for the request's action.
   *
   * @param request the request
   * @throws Exception whatever the handler throws
   */
  void dispatch(Request request) throws Exception;

  /**
   * Returns the controls the handlers run under, before the step config's overrides.
   *
   * @return the controls; default {@link Controls#defaults()}
   */
  default Controls controls() {
    return Controls.defaults();
  }

  /**
   * Returns the command runner to use instead of real processes, e.g. a scripted one in tests.
   *
   * @return the runner, or empty (the default) for real processes
   */
  default Optional<CommandRunner> commandRunner() {
    return Optional.empty();
  }

  /**
   * Returns the resource fields the provisioner owns besides those with a template in the step,
   * deleted after a successful decommission.
   *
   * @return the fields; default none
   */
  default Set<String> ownedResources() {
    return Set.of();
  }
}
