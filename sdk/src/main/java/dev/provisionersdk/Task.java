package dev.provisionersdk;

/**
 * A named piece of a handler's work, such as "scan", "apply" or "notify", run under its own {@link
 * Controls} by {@link Request#task(String, Controls, Task)}. A task whose result the handler needs
 * is a {@link java.util.concurrent.Callable} instead, run by {@link Request#task(String, Controls,
 * java.util.concurrent.Callable)}, which returns its value.
 */
@FunctionalInterface
public interface Task {
  /**
   * Does the work. Honour interruption: when the task times out or the provisioner is terminated,
   * its thread is interrupted and its processes are stopped.
   *
   * @throws Exception to fail this attempt
   */
  void run() throws Exception;
}
