package dev.provisionersdk.internal.exec;

import dev.provisionersdk.Cleanup;
import dev.provisionersdk.CommandFailedException;
import dev.provisionersdk.Controls;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Request;
import dev.provisionersdk.RetryHook;
import dev.provisionersdk.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a handler or a task under its {@link Controls}: pause, attempt with a fresh timeout, the
 * retry hook and backoff, retry while the predicate allows, and the cleanup once after the final
 * failure.
 *
 * <p>Thread-safe; holds no state between runs.
 */
public final class ControlledRun {
  /** Where {@link CommandFailedException}'s message starts quoting the tool's stderr. */
  private static final String STDERR_TAIL = "; last lines of its stderr:";

  private static final Logger LOG = LoggerFactory.getLogger("dev.provisionersdk");

  private final Supervisor supervisor;

  /**
   * Creates a controlled runner.
   *
   * @param supervisor the run's supervisor
   */
  public ControlledRun(Supervisor supervisor) {
    this.supervisor = supervisor;
  }

  /**
   * Runs work under controls.
   *
   * @param name the handler's action or the task's name
   * @param controls the effective controls
   * @param request passed to the cleanup
   * @param work the work
   * @throws Exception the final failure: the last attempt's, wrapped with the attempt count when
   *     there was more than one attempt, earlier failures attached as suppressed
   */
  public void run(String name, Controls controls, Request request, Task work) throws Exception {
    Runnable pending = controls.onError().isPresent() ? supervisor.cleanupPending() : () -> {};
    try {
      runWithCleanup(name, controls, request, work);
    } finally {
      pending.run();
    }
  }

  private void runWithCleanup(String name, Controls controls, Request request, Task work)
      throws Exception {
    int attempts = controls.maxRetries() + 1;
    List<Throwable> failures = new ArrayList<>();
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        if (attempt > 1) {
          Duration delay = controls.backoff().delayBefore(attempt - 1);
          LOG.info(
              "{}: retrying in {} (attempt {}/{})",
              name,
              Durations.format(delay),
              attempt,
              attempts);
          supervisor.sleep(delay, name);
        }
        if (!controls.pauseBefore().isZero()) {
          LOG.info(
              "{}: pausing {} before attempt {}",
              name,
              Durations.format(controls.pauseBefore()),
              attempt);
          supervisor.sleep(controls.pauseBefore(), name);
        }
        supervisor.runAttempt(name, controls.timeout(), controls.gracePeriod(), work);
        if (attempt > 1) {
          LOG.info("{} succeeded on attempt {}/{}", name, attempt, attempts);
        }
        return;
      } catch (Exception | Error failure) {
        failures.add(failure);
        if (!shouldRetry(failure, controls) || attempt == attempts) {
          break;
        }
        LOG.warn("{}: attempt {}/{} failed: {}", name, attempt, attempts, brief(failure));
        if (controls.onRetry().isPresent()
            && !prepareRetry(name, controls, request, failure, attempt + 1)) {
          break;
        }
      }
    }
    Throwable failure = finalFailure(name, failures);
    if (controls.onError().isPresent()) {
      cleanUp(name, controls, request, controls.onError().get(), failure);
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
    throw (Exception) failure;
  }

  /** Runs the retry hook; on its failure the attempt's failure carries it and retrying stops. */
  private boolean prepareRetry(
      String name, Controls controls, Request request, Throwable failure, int nextAttempt) {
    RetryHook hook = controls.onRetry().orElseThrow();
    try {
      supervisor.runAttempt(
          name + "-retry-hook",
          controls.cleanupTimeout(),
          controls.gracePeriod(),
          () -> hook.beforeRetry(request, failure, nextAttempt));
      return true;
    } catch (Exception | Error hookFailure) {
      LOG.error("{}: retry hook failed, no further attempt: {}", name, describe(hookFailure));
      failure.addSuppressed(hookFailure);
      return false;
    }
  }

  private boolean shouldRetry(Throwable failure, Controls controls) {
    if (supervisor.isTerminated()
        || failure instanceof Interruption && ((Interruption) failure).isTermination()) {
      return false;
    }
    try {
      return controls.retryIf().test(failure);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
      return false;
    }
  }

  /**
   * Returns the exit code a failure ends the provisioner with: the runtime's one mapping from
   * exceptions to exit codes.
   *
   * @param failure what a handler or the runtime threw
   * @return a {@link ProvisionerException}'s own code, else {@link ExitCode#HANDLER_FAILED}
   */
  public static int exitCode(Throwable failure) {
    return failure instanceof ProvisionerException
        ? ((ProvisionerException) failure).exitCode()
        : ExitCode.HANDLER_FAILED;
  }

  private static Throwable finalFailure(String name, List<Throwable> failures) {
    Throwable last = failures.get(failures.size() - 1);
    if (failures.size() == 1) {
      return last;
    }
    ProvisionerException wrapped =
        ProvisionerException.withExitCode(
            exitCode(last),
            name + " failed after " + failures.size() + " attempts; last error: " + describe(last),
            last);
    for (Throwable earlier : failures.subList(0, failures.size() - 1)) {
      wrapped.addSuppressed(earlier);
    }
    return wrapped;
  }

  private void cleanUp(
      String name, Controls controls, Request request, Cleanup cleanup, Throwable failure) {
    Duration deadline = controls.cleanupTimeout();
    if (supervisor.isTerminated()) {
      // Within what is left of the grace period: the JVM exits at its end.
      Duration left = supervisor.timeLeftToStop();
      if (left.isZero()) {
        LOG.warn("{}: no time left in the grace period to run the cleanup", name);
        return;
      }
      if (left.compareTo(deadline) < 0) {
        deadline = left;
      }
    } else if (supervisor.currentScope().isCancelled()) {
      LOG.info("{}: cleanup skipped: the handler or task around it timed out", name);
      return;
    }
    LOG.info("{}: running cleanup (deadline {})", name, Durations.format(deadline));
    try {
      supervisor.runCleanup(name + "-cleanup", deadline, () -> cleanup.cleanUp(request, failure));
      LOG.info("{}: cleanup finished", name);
    } catch (Exception | Error cleanupFailure) {
      LOG.error("{}: cleanup failed too: {}", name, describe(cleanupFailure));
      failure.addSuppressed(cleanupFailure);
    }
  }

  /**
   * A failure's message without the stderr tail of a failed command, which the tool's own output
   * already showed above the warning.
   */
  static String brief(Throwable failure) {
    String message = describe(failure);
    if (failure instanceof CommandFailedException) {
      int tail = message.indexOf(STDERR_TAIL);
      if (tail >= 0) {
        return message.substring(0, tail) + " (its stderr is above)";
      }
    }
    return message;
  }

  /** A failure's message, or its class name when it has none. */
  private static String describe(Throwable failure) {
    return failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
  }
}
