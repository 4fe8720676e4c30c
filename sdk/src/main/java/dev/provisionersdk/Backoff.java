package dev.provisionersdk;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before each retry of a {@link Controls controlled} handler or task.
 *
 * <p>Implementations must be thread-safe; the factories' are.
 */
@FunctionalInterface
public interface Backoff {
  /**
   * Returns the wait before a retry.
   *
   * @param retry 1 for the first retry (the second attempt), 2 for the next, and so on
   * @return the wait, not negative
   */
  Duration delayBefore(int retry);

  /**
   * Exponential backoff with jitter: the n-th retry waits a random time between half and all of
   * {@code initial × 2^(n-1)}, capped at {@code max}. Jitter keeps many provisioners that failed
   * together from retrying together.
   *
   * @param initial the base wait of the first retry
   * @param max the largest wait
   * @return the backoff
   */
  static Backoff exponential(Duration initial, Duration max) {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 <= initial <= max");
    }
    return retry -> {
      long ceiling = initial.toMillis();
      for (int i = 1; i < retry && ceiling < max.toMillis(); i++) {
        ceiling *= 2;
      }
      ceiling = Math.min(ceiling, max.toMillis());
      long half = ceiling / 2;
      return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    };
  }

  /**
   * The same wait before every retry, no jitter.
   *
   * @param delay the wait
   * @return the backoff
   */
  static Backoff fixed(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative");
    }
    return retry -> delay;
  }

  /**
   * No wait between retries.
   *
   * @return the backoff
   */
  static Backoff none() {
    return retry -> Duration.ZERO;
  }
}
