package dev.provisionersdk;

/**
 * A named piece of a handler's work, such as "scan", "apply" or "notify", run under its own {@link
 * Controls} by {@link Request#task(String, Controls, Task)}.
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
