package dev.provisionersdk;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * How a handler or a named task runs: timeout, retries with backoff, a pause before each attempt,
 * which failures to retry, a hook before each retry and a cleanup after the final failure. Which
 * environments a task runs in is said apart, with {@link Environments}.
 *
 * <pre>{@code
 * Controls.builder()
 *     .timeout(Duration.ofMinutes(30))
 *     .maxRetries(2)
 *     .retryIf(Controls.commandExitedWith(3))             // the tool's "locked" exit code
 *     .onRetry((request, failure, attempt) -> request.run(Command.of("pulumi", "cancel", "--yes")))
 *     .onError((request, failure) -> request.run(Command.of("pulumi", "cancel", "--yes")))
 *     .build();
 * }</pre>
 *
 * <p>Semantics: every attempt gets a fresh timeout; {@code pauseBefore} waits before every attempt
 * and does not count against the timeout; a timed-out attempt's thread is interrupted and its
 * processes are stopped (SIGTERM, then SIGKILL after the grace period), so the timeout is enforced,
 * not requested; the attempt ends when its work has unwound (its {@code finally} blocks ran) or the
 * grace period is over, whichever comes first; the final failure names the attempt count and keeps
 * the last error, with the earlier ones attached as suppressed exceptions; the retry hook runs
 * before each retry's backoff wait; the cleanup runs once. The step's {@code config.json} can
 * override these values under {@code execution} without rebuilding the image.
 *
 * <p>Immutable and thread-safe.
 */
public final class Controls {
  private static final Controls DEFAULTS = builder().build();

  private final Duration timeout;
  private final int maxRetries;
  private final Backoff backoff;
  private final Duration pauseBefore;
  private final Predicate<Throwable> retryIf;
  private final RetryHook onRetry;
  private final Cleanup onError;
  private final Duration cleanupTimeout;
  private final Duration gracePeriod;

  private Controls(Builder builder) {
    this.timeout = builder.timeout;
    this.maxRetries = builder.maxRetries;
    this.backoff = builder.backoff;
    this.pauseBefore = builder.pauseBefore;
    this.retryIf = builder.retryIf;
    this.onRetry = builder.onRetry;
    this.onError = builder.onError;
    this.cleanupTimeout = builder.cleanupTimeout;
    this.gracePeriod = builder.gracePeriod;
  }

  /**
   * Returns the defaults: no timeout, no retries, no pause, no cleanup, 10 s grace period.
   *
   * @return the default controls
   */
  public static Controls defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a retry predicate that accepts a failed command whose tool exited with one of the given
   * codes, for {@link Builder#retryIf}: {@code .retryIf(Controls.commandExitedWith(3, 75))}. It
   * accepts a {@link CommandFailedException}, or a failure caused by one, that is not a timeout;
   * combine with {@link Predicate#or} for other cases.
   *
   * @param exitCodes the tool's exit codes worth another attempt, e.g. its "locked" code
   * @return the predicate
   * @throws IllegalArgumentException when no code is given
   */
  public static Predicate<Throwable> commandExitedWith(int... exitCodes) {
    if (exitCodes.length == 0) {
      throw new IllegalArgumentException("give at least one exit code");
    }
    int[] codes = exitCodes.clone();
    return failure -> {
      for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
        if (cause instanceof CommandFailedException) {
          CommandFailedException command = (CommandFailedException) cause;
          return !command.isTimeout()
              && java.util.Arrays.stream(codes).anyMatch(code -> code == command.exitCode());
        }
      }
      return false;
    };
  }

  /**
   * Starts building controls from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a builder from these controls, to change some values.
   *
   * @return a builder holding these values
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.timeout = timeout;
    builder.maxRetries = maxRetries;
    builder.backoff = backoff;
    builder.pauseBefore = pauseBefore;
    builder.retryIf = retryIf;
    builder.onRetry = onRetry;
    builder.onError = onError;
    builder.cleanupTimeout = cleanupTimeout;
    builder.gracePeriod = gracePeriod;
    return builder;
  }

  /**
   * Returns the timeout of each attempt.
   *
   * @return the timeout; zero means none
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Returns how many times a failed attempt is retried.
   *
   * @return 0 for a single attempt
   */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * Returns the wait between attempts.
   *
   * @return the backoff
   */
  public Backoff backoff() {
    return backoff;
  }

  /**
   * Returns the pause before every attempt.
   *
   * @return the pause; zero means none
   */
  public Duration pauseBefore() {
    return pauseBefore;
  }

  /**
   * Returns which failures are retried.
   *
   * @return the predicate
   */
  public Predicate<Throwable> retryIf() {
    return retryIf;
  }

  /**
   * Returns the hook run before each retry.
   *
   * @return the hook, or empty for none
   */
  public Optional<RetryHook> onRetry() {
    return Optional.ofNullable(onRetry);
  }

  /**
   * Returns the cleanup run after the final failure.
   *
   * @return the cleanup, or empty for none
   */
  public Optional<Cleanup> onError() {
    return Optional.ofNullable(onError);
  }

  /**
   * Returns the cleanup's own deadline.
   *
   * @return the deadline
   */
  public Duration cleanupTimeout() {
    return cleanupTimeout;
  }

  /**
   * Returns how long stopped processes get between SIGTERM and SIGKILL.
   *
   * @return the grace period
   */
  public Duration gracePeriod() {
    return gracePeriod;
  }

  @Override
  public String toString() {
    return "Controls[timeout="
        + timeout
        + ", maxRetries="
        + maxRetries
        + ", pauseBefore="
        + pauseBefore
        + ", retryHook="
        + (onRetry != null)
        + ", cleanup="
        + (onError != null)
        + ", gracePeriod="
        + gracePeriod
        + "]";
  }

  /** Builds {@link Controls}. Not thread-safe. */
  public static final class Builder {
    private Duration timeout = Duration.ZERO;
    private int maxRetries;
    private Backoff backoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30));
    private Duration pauseBefore = Duration.ZERO;
    private Predicate<Throwable> retryIf = Controls::retryableByDefault;
    private RetryHook onRetry;
    private Cleanup onError;
    private Duration cleanupTimeout = Duration.ofMinutes(5);
    private Duration gracePeriod = Duration.ofSeconds(10);

    private Builder() {}

    /**
     * Sets the timeout of each attempt. Default: none.
     *
     * @param timeout the timeout; zero for none
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = notNegative(timeout, "timeout");
      return this;
    }

    /**
     * Sets how many times a failed attempt is retried. Default: 0.
     *
     * @param maxRetries 0 or more
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must not be negative");
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Sets the wait between attempts. Default: {@code Backoff.exponential(1s, 30s)} with jitter.
     *
     * @param backoff the backoff
     * @return this builder
     */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * Sets a pause before every attempt, e.g. to let a dependency settle. It does not count against
     * the timeout. Default: none.
     *
     * @param pause the pause; zero for none
     * @return this builder
     */
    public Builder pauseBefore(Duration pause) {
      this.pauseBefore = notNegative(pause, "pause");
      return this;
    }

    /**
     * Sets which failures are retried. Default: every failure except bad input ({@link
     * ProvisionerException#isInvalidInput()}), whatever its exit code, so a tool's failure is
     * retried whatever code it exited with; termination is never retried. {@link
     * #commandExitedWith(int...)} retries only some of a tool's codes.
     *
     * @param retryIf true for a failure worth another attempt
     * @return this builder
     */
    public Builder retryIf(Predicate<Throwable> retryIf) {
      this.retryIf = Objects.requireNonNull(retryIf, "retryIf");
      return this;
    }

    /**
     * Sets a hook run after a failed attempt that will be retried, before the backoff wait, e.g. to
     * cancel a stale lock. Default: none.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder onRetry(RetryHook hook) {
      this.onRetry = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /**
     * Sets the cleanup run once after the final failure, a timeout or termination. Default: none.
     *
     * @param cleanup the cleanup
     * @return this builder
     */
    public Builder onError(Cleanup cleanup) {
      this.onError = Objects.requireNonNull(cleanup, "cleanup");
      return this;
    }

    /**
     * Sets the deadline of the cleanup and of each retry hook. On termination the cleanup also has
     * to finish within the grace period. Default: 5 minutes.
     *
     * @param timeout the deadline, more than zero
     * @return this builder
     */
    public Builder cleanupTimeout(Duration timeout) {
      this.cleanupTimeout = positive(timeout, "cleanup timeout");
      return this;
    }

    /**
     * Sets how long stopped processes get between SIGTERM and SIGKILL. Default: 10 seconds.
     *
     * @param gracePeriod the grace period
     * @return this builder
     */
    public Builder gracePeriod(Duration gracePeriod) {
      this.gracePeriod = notNegative(gracePeriod, "grace period");
      return this;
    }

    /**
     * Builds the controls.
     *
     * @return the controls
     */
    public Controls build() {
      return new Controls(this);
    }

    private static Duration notNegative(Duration duration, String what) {
      Objects.requireNonNull(duration, what);
      if (duration.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative");
      }
      return duration;
    }

    private static Duration positive(Duration duration, String what) {
      notNegative(duration, what);
      if (duration.isZero()) {
        throw new IllegalArgumentException(what + " must be more than zero");
      }
      return duration;
    }
  }

  private static boolean retryableByDefault(Throwable failure) {
    return !(failure instanceof ProvisionerException
        && ((ProvisionerException) failure).isInvalidInput());
  }
}
