package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.thisptr.jackson.jq.Function;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * jq 1.7's date builtins, in UTC as the official images run them (no {@code TZ} is set there):
 * {@code gmtime}, {@code mktime}, {@code strftime}, {@code strptime}, {@code todate}/{@code
 * todateiso8601}, {@code fromdate}/{@code fromdateiso8601}, plus {@code localtime}/{@code
 * strflocaltime} as UTC. ({@code date}, {@code dateadd} and {@code datesub} fail in jq 1.7.1, and
 * so they do here.) A broken-down time is jq's array {@code [year, month 0-11, day, hours, minutes,
 * seconds, weekday 0-6 from Sunday, day of year 0-365]}. strftime and strptime know the C library's
 * common conversions ({@code %Y %m %d %H %M %S %j %e %a %A %b %B %y %Z %z %T %D %F %s %u %w %p %I
 * %%}).
 *
 * <p>Stateless and thread-safe.
 */
final class JqDates {
  private static final String ISO = "%Y-%m-%dT%H:%M:%SZ";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JqDates() {}

  static void register(Scope scope) {
    scope.addFunction("gmtime", 0, unary(JqDates::gmtime));
    scope.addFunction("localtime", 0, unary(JqDates::gmtime));
    scope.addFunction("mktime", 0, unary(in -> NODES.numberNode(epoch(broken(in, "mktime")))));
    scope.addFunction("strftime", 1, withFormat(JqDates::strftime));
    scope.addFunction("strflocaltime", 1, withFormat(JqDates::strftime));
    scope.addFunction("strptime", 1, withFormat(JqDates::strptime));
    Function todate = unary(in -> strftime(in, ISO));
    scope.addFunction("todate", 0, todate);
    scope.addFunction("todateiso8601", 0, todate);
    Function fromdate = unary(in -> NODES.numberNode(epoch(strptime(in, ISO))));
    scope.addFunction("fromdate", 0, fromdate);
    scope.addFunction("fromdateiso8601", 0, fromdate);
  }

  private interface Unary {
    JsonNode apply(JsonNode in) throws JsonQueryException;
  }

  private interface Binary {
    JsonNode apply(JsonNode in, String format) throws JsonQueryException;
  }

  private static Function unary(Unary body) {
    return (scope, args, in, path, out, version) -> out.emit(body.apply(in), null);
  }

  private static Function withFormat(Binary body) {
    return (scope, args, in, path, out, version) ->
        args.get(0)
            .apply(
                scope,
                in,
                format -> {
                  if (!format.isTextual()) {
                    throw new JsonQueryException("strftime/1 requires a string format");
                  }
                  out.emit(body.apply(in, format.asText()), null);
                });
  }

  private static JsonNode gmtime(JsonNode in) throws JsonQueryException {
    if (!in.isNumber()) {
      throw new JsonQueryException("gmtime() requires a number");
    }
    double seconds = in.doubleValue();
    long whole = (long) Math.floor(seconds);
    LocalDateTime time = LocalDateTime.ofEpochSecond(whole, 0, ZoneOffset.UTC);
    ArrayNode out = NODES.arrayNode();
    out.add(time.getYear());
    out.add(time.getMonthValue() - 1);
    out.add(time.getDayOfMonth());
    out.add(time.getHour());
    out.add(time.getMinute());
    double fraction = seconds - whole;
    if (fraction == 0) {
      out.add(time.getSecond());
    } else {
      out.add(time.getSecond() + fraction);
    }
    out.add(time.getDayOfWeek().getValue() % 7);
    out.add(time.getDayOfYear() - 1);
    return out;
  }

  private static LocalDateTime broken(JsonNode in, String function) throws JsonQueryException {
    if (!in.isArray() || in.size() < 6) {
      throw new JsonQueryException(function + " requires array of 6 numbers");
    }
    for (int i = 0; i < 6; i++) {
      if (!in.get(i).isNumber()) {
        throw new JsonQueryException(function + " requires parsed datetime inputs");
      }
    }
    return LocalDateTime.of(in.get(0).intValue(), 1, 1, 0, 0)
        .plusMonths(in.get(1).longValue())
        .plusDays(in.get(2).longValue() - 1)
        .plusHours(in.get(3).longValue())
        .plusMinutes(in.get(4).longValue())
        .plusSeconds((long) Math.floor(in.get(5).doubleValue()));
  }

  private static long epoch(JsonNode broken) throws JsonQueryException {
    return broken(broken, "mktime").toEpochSecond(ZoneOffset.UTC);
  }

  private static long epoch(LocalDateTime time) {
    return time.toEpochSecond(ZoneOffset.UTC);
  }

  private static JsonNode strftime(JsonNode in, String format) throws JsonQueryException {
    JsonNode parts = in.isNumber() ? gmtime(in) : in;
    if (!parts.isArray()) {
      throw new JsonQueryException("strftime/1 requires parsed datetime inputs");
    }
    LocalDateTime t = broken(parts, "strftime/1");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 >= format.length()) {
        out.append(c);
        continue;
      }
      char d = format.charAt(++i);
      switch (d) {
        case 'Y' -> out.append(t.getYear());
        case 'm' -> out.append(two(t.getMonthValue()));
        case 'd' -> out.append(two(t.getDayOfMonth()));
        case 'e' -> out.append(String.format(Locale.ROOT, "%2d", t.getDayOfMonth()));
        case 'H' -> out.append(two(t.getHour()));
        case 'I' -> out.append(two(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12));
        case 'M' -> out.append(two(t.getMinute()));
        case 'S' -> out.append(two(t.getSecond()));
        case 'j' -> out.append(String.format(Locale.ROOT, "%03d", t.getDayOfYear()));
        case 'y' -> out.append(two(t.getYear() % 100));
        case 'a' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US));
        case 'A' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US));
        case 'b', 'h' -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US));
        case 'B' -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.US));
        case 'p' -> out.append(t.getHour() < 12 ? "AM" : "PM");
        case 'Z' -> out.append("UTC");
        case 'z' -> out.append("+0000");
        case 'T' ->
            out.append(two(t.getHour()) + ":" + two(t.getMinute()) + ":" + two(t.getSecond()));
        case 'D' ->
            out.append(
                two(t.getMonthValue())
                    + "/"
                    + two(t.getDayOfMonth())
                    + "/"
                    + two(t.getYear() % 100));
        case 'F' ->
            out.append(t.getYear() + "-" + two(t.getMonthValue()) + "-" + two(t.getDayOfMonth()));
        case 's' -> out.append(epoch(t));
        case 'u' -> out.append(t.getDayOfWeek().getValue());
        case 'w' -> out.append(t.getDayOfWeek().getValue() % 7);
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case '%' -> out.append('%');
        default -> out.append('%').append(d);
      }
    }
    return NODES.textNode(out.toString());
  }

  private static JsonNode strptime(JsonNode in, String format) throws JsonQueryException {
    if (!in.isTextual()) {
      throw new JsonQueryException("strptime/1 requires string inputs and arguments");
    }
    StringBuilder regex = new StringBuilder();
    List<Character> fields = new ArrayList<>();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 >= format.length()) {
        regex.append(Character.isWhitespace(c) ? "\\s*" : Pattern.quote(String.valueOf(c)));
        continue;
      }
      char d = format.charAt(++i);
      switch (d) {
        case 'Y' -> group(regex, fields, d, "[+-]?\\d{1,4}");
        case 'm', 'd', 'H', 'M', 'S', 'y', 'I' -> group(regex, fields, d, "\\d{1,2}");
        case 'e' -> group(regex, fields, 'd', "\\s?\\d{1,2}");
        case 'j' -> group(regex, fields, d, "\\d{1,3}");
        case 's' -> group(regex, fields, d, "[+-]?\\d+");
        case 'a', 'A' -> group(regex, fields, 'a', "[A-Za-z]+");
        case 'b', 'B', 'h' -> group(regex, fields, 'b', "[A-Za-z]+");
        case 'p' -> group(regex, fields, d, "[AaPp][Mm]");
        case 'Z' -> regex.append("[A-Za-z]*");
        case 'z' -> regex.append("(?:[+-]\\d{2}:?\\d{2}|Z)");
        case 'T' -> {
          group(regex, fields, 'H', "\\d{1,2}");
          regex.append(':');
          group(regex, fields, 'M', "\\d{1,2}");
          regex.append(':');
          group(regex, fields, 'S', "\\d{1,2}");
        }
        case 'F' -> {
          group(regex, fields, 'Y', "[+-]?\\d{1,4}");
          regex.append('-');
          group(regex, fields, 'm', "\\d{1,2}");
          regex.append('-');
          group(regex, fields, 'd', "\\d{1,2}");
        }
        case '%' -> regex.append('%');
        default -> regex.append(Pattern.quote("%" + d));
      }
    }
    Matcher matcher = Pattern.compile(regex.toString()).matcher(in.asText());
    if (!matcher.matches()) {
      throw new JsonQueryException(
          "date \"" + in.asText() + "\" does not match format \"" + format + "\"");
    }
    int year = 1900;
    int month = 1;
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    boolean pm = false;
    for (int g = 0; g < fields.size(); g++) {
      String value = matcher.group(g + 1).trim();
      switch (fields.get(g)) {
        case 'Y' -> year = Integer.parseInt(value);
        case 'y' -> year = Integer.parseInt(value) + (Integer.parseInt(value) < 69 ? 2000 : 1900);
        case 'm' -> month = Integer.parseInt(value);
        case 'd' -> day = Integer.parseInt(value);
        case 'H', 'I' -> hour = Integer.parseInt(value);
        case 'M' -> minute = Integer.parseInt(value);
        case 'S' -> second = Integer.parseInt(value);
        case 'p' -> pm = value.equalsIgnoreCase("pm");
        case 'b' -> month = monthOf(value);
        case 's' -> {
          return gmtime(NODES.numberNode(Long.parseLong(value)));
        }
        default -> {
          // %a and %j are read but, as in glibc, do not set the date.
        }
      }
    }
    if (pm && hour < 12) {
      hour += 12;
    }
    LocalDateTime time = LocalDateTime.of(year, month, day, hour, minute, second);
    return gmtime(NODES.numberNode(epoch(time)));
  }

  private static void group(StringBuilder regex, List<Character> fields, char field, String body) {
    regex.append('(').append(body).append(')');
    fields.add(field);
  }

  private static int monthOf(String name) throws JsonQueryException {
    for (Month month : Month.values()) {
      String full = month.getDisplayName(TextStyle.FULL, Locale.US);
      if (full.equalsIgnoreCase(name) || full.substring(0, 3).equalsIgnoreCase(name)) {
        return month.getValue();
      }
    }
    throw new JsonQueryException("unknown month name " + name);
  }

  private static String two(int value) {
    return value < 10 ? "0" + value : Integer.toString(value);
  }
}
