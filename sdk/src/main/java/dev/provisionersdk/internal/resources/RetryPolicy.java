package dev.provisionersdk.internal.resources;

import java.time.Duration;
import java.util.Objects;

/**
 * When to try an API call again: up to {@link #maxAttempts()} attempts, waiting an exponentially
 * growing delay with jitter between them. Kept in one small class so a shared execution-controls
 * policy can replace it.
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryPolicy {
  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxDelay;

  private RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("expected 0 <= baseDelay <= maxDelay");
    }
    this.maxAttempts = maxAttempts;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
  }

  /**
   * Returns the policy the runtime uses: 4 attempts, delays starting at 500 ms, doubling, capped at
   * 8 s.
   *
   * @return the default policy
   */
  public static RetryPolicy defaults() {
    return of(4, Duration.ofMillis(500), Duration.ofSeconds(8));
  }

  /**
   * Creates a policy.
   *
   * @param maxAttempts attempts in all, at least 1 (1 means no retry)
   * @param baseDelay the delay before the first retry, before jitter
   * @param maxDelay the cap on any delay
   * @return the policy
   * @throws IllegalArgumentException if the numbers are out of range
   */
  public static RetryPolicy of(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    return new RetryPolicy(
        maxAttempts,
        Objects.requireNonNull(baseDelay, "baseDelay"),
        Objects.requireNonNull(maxDelay, "maxDelay"));
  }

  /**
   * Returns the number of attempts in all.
   *
   * @return at least 1
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns how long to wait after a failed attempt: {@code baseDelay * 2^(attempt-1)}, capped at
   * {@code maxDelay}, then scaled into its upper half by the jitter so concurrent clients spread
   * out.
   *
   * @param failedAttempt the attempt that just failed, from 1
   * @param jitter a random number in {@code [0, 1)}
   * @return the delay
   */
  public Duration delayAfter(int failedAttempt, double jitter) {
    int shift = Math.min(Math.max(failedAttempt - 1, 0), 30);
    long nanos = baseDelay.toNanos();
    long exponential = nanos > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : nanos << shift;
    long capped = Math.min(exponential, maxDelay.toNanos());
    return Duration.ofNanos((long) (capped * (0.5 + 0.5 * jitter)));
  }

  @Override
  public String toString() {
    return "RetryPolicy[attempts="
        + maxAttempts
        + ", base="
        + baseDelay
        + ", max="
        + maxDelay
        + "]";
  }
}
