package dev.provisionersdk;

/**
 * Prepares a retry after a failed attempt of a handler or task, before the backoff wait: e.g.
 * cancels a stale lock ({@code pulumi cancel}) that made the attempt fail. Set with {@link
 * Controls.Builder#onRetry(RetryHook)}; called only when the failure will be retried, never after
 * the last attempt (that is {@link Cleanup}'s place).
 *
 * <p>It runs on its own supervised thread under the cleanup deadline ({@link
 * Controls.Builder#cleanupTimeout}); its processes are stopped on timeout or termination like a
 * task's. If it throws or times out, no further attempt is made: the run fails with the attempt's
 * failure, the hook's failure attached, and the {@link Cleanup} (if any) runs as usual.
 */
@FunctionalInterface
public interface RetryHook {
  /**
   * Prepares the next attempt.
   *
   * @param request the run's request
   * @param failure why the attempt failed
   * @param nextAttempt the number of the attempt about to start, 2 or more
   * @throws Exception when the retry cannot be prepared; no further attempt is made
   */
  void beforeRetry(Request request, Throwable failure, int nextAttempt) throws Exception;
}
