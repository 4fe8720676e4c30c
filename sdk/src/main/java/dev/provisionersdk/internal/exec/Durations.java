package dev.provisionersdk.internal.exec;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in config: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 250ms}.
 */
public final class Durations {
  private static final Pattern FORMAT =
      Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @param text e.g. {@code 1h30m}
   * @return the duration, or empty when the text is not in the format
   */
  public static Optional<Duration> parse(String text) {
    String trimmed = text.trim();
    Matcher matcher = FORMAT.matcher(trimmed);
    if (trimmed.isEmpty() || !matcher.matches()) {
      return Optional.empty();
    }
    try {
      Duration duration =
          Duration.ofHours(group(matcher, 1))
              .plusMinutes(group(matcher, 2))
              .plusSeconds(group(matcher, 3))
              .plusMillis(group(matcher, 4));
      return Optional.of(duration);
    } catch (ArithmeticException e) {
      return Optional.empty();
    }
  }

  /**
   * Formats a duration the way {@link #parse} reads it.
   *
   * @param duration the duration
   * @return e.g. {@code 1h30m}, {@code 250ms}, {@code 0s}
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
    if (duration.toMillisPart() > 0) {
      text.append(duration.toMillisPart()).append("ms");
    }
    return text.toString();
  }

  private static long group(Matcher matcher, int group) {
    String value = matcher.group(group);
    return value == null ? 0 : Long.parseLong(value);
  }
}
