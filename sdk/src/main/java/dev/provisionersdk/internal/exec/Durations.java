package dev.provisionersdk.internal.exec;

import java.math.BigInteger;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in config: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 250ms};
 * and the conversions that never overflow, for durations given in code.
 */
public final class Durations {
  /** The longest duration the step's config may set: a week. */
  public static final Duration MAXIMUM = Duration.ofDays(7);

  /** Durations in code are unbounded; waits longer than this are the same as waiting forever. */
  private static final Duration FOREVER = Duration.ofDays(365L * 50);

  private static final Pattern FORMAT =
      Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");

  private static final BigInteger[] NANOS_PER_UNIT = {
    BigInteger.valueOf(3_600_000_000_000L),
    BigInteger.valueOf(60_000_000_000L),
    BigInteger.valueOf(1_000_000_000L),
    BigInteger.valueOf(1_000_000L)
  };

  private Durations() {}

  /**
   * Parses a duration from the step's config.
   *
   * @param text e.g. {@code 1h30m}
   * @return the duration, at most {@link #MAXIMUM}
   * @throws IllegalArgumentException saying what is wrong (the format, or too long) in words fit
   *     for the user
   */
  public static Duration parse(String text) {
    return bounded(nanos(text), "'" + text + "'");
  }

  /**
   * Parses a duration in the same grammar as {@link #parse}, without its maximum: for values of the
   * user's own config.
   *
   * @param text e.g. {@code 1h30m}
   * @return the duration
   * @throws IllegalArgumentException when the format is wrong or the duration does not fit
   */
  public static Duration parseUnbounded(String text) {
    BigInteger nanos = nanos(text);
    if (nanos.bitLength() >= 63) {
      throw new IllegalArgumentException("'" + text + "' is too long a duration");
    }
    return Duration.ofNanos(nanos.longValueExact());
  }

  private static BigInteger nanos(String text) {
    String trimmed = text.trim();
    Matcher matcher = FORMAT.matcher(trimmed);
    if (trimmed.isEmpty() || !matcher.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: use e.g. 90s, 5m or 1h30m");
    }
    // Any number of digits: compute exactly, then compare with the maximum.
    BigInteger nanos = BigInteger.ZERO;
    for (int unit = 0; unit < NANOS_PER_UNIT.length; unit++) {
      String digits = matcher.group(unit + 1);
      if (digits != null) {
        nanos = nanos.add(new BigInteger(digits).multiply(NANOS_PER_UNIT[unit]));
      }
    }
    return nanos;
  }

  /**
   * Converts whole seconds from the step's config.
   *
   * @param seconds a whole number, any size
   * @return the duration, at most {@link #MAXIMUM}
   * @throws IllegalArgumentException when negative or longer than the maximum
   */
  public static Duration ofSeconds(BigInteger seconds) {
    if (seconds.signum() < 0) {
      throw new IllegalArgumentException(seconds + " is negative: use 0 for none");
    }
    return bounded(seconds.multiply(NANOS_PER_UNIT[2]), seconds + " seconds");
  }

  private static Duration bounded(BigInteger nanos, String what) {
    if (nanos.compareTo(BigInteger.valueOf(MAXIMUM.toNanos())) > 0) {
      throw new IllegalArgumentException(
          what + " is longer than the maximum of " + format(MAXIMUM) + " (7 days)");
    }
    return Duration.ofNanos(nanos.longValueExact());
  }

  /**
   * Converts a duration to nanoseconds for a wait, without overflowing: anything longer than 50
   * years counts as 50 years, which is to say forever.
   *
   * @param duration not negative
   * @return nanoseconds, small enough to add to {@link System#nanoTime()}
   */
  public static long nanos(Duration duration) {
    return (duration.compareTo(FOREVER) > 0 ? FOREVER : duration).toNanos();
  }

  /**
   * Formats a duration the way {@link #parse} reads it.
   *
   * @param duration the duration
   * @return e.g. {@code 1h30m}, {@code 250ms}, {@code 0s}; below a millisecond {@code 0ms}
   */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    if (duration.toHours() > 0) {
      text.append(duration.toHours()).append('h');
    }
    if (duration.toMinutesPart() > 0) {
      text.append(duration.toMinutesPart()).append('m');
    }
    if (duration.toSecondsPart() > 0) {
      text.append(duration.toSecondsPart()).append('s');
    }
    if (duration.toMillisPart() > 0 || text.length() == 0) {
      text.append(duration.toMillisPart()).append("ms");
    }
    return text.toString();
  }
}
