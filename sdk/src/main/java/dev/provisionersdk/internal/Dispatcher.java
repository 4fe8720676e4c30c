package dev.provisionersdk.internal;

import dev.provisionersdk.Action;
import dev.provisionersdk.Request;

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
}
