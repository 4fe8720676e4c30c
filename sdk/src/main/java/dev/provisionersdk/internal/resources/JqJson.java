package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Writes JSON the way jq 1.7.1 prints it with {@code -c}, which is also what its {@code tostring},
 * {@code tojson}, {@code @text} and {@code @json} produce: a number literal from the input or the
 * program keeps its text ({@code 5432.0}, {@code 1E+2}: a {@code BigDecimal} here); a computed
 * number is printed with the shortest digits that read back to the same double, in plain notation
 * unless its decimal exponent is below -4 or more than 15 past its digits ({@code 1e+17}, {@code
 * 1e-05}); NaN is {@code null} and infinities are ±{@code 1.7976931348623157e+308}.
 *
 * <p>Stateless and thread-safe.
 */
final class JqJson {
  private JqJson() {}

  /**
   * Returns a value as jq's compact output.
   *
   * @param value the value
   * @return its text
   */
  static String write(JsonNode value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(JsonNode value, StringBuilder out) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      out.append("null");
    } else if (value.isBoolean()) {
      out.append(value.booleanValue());
    } else if (value.isTextual()) {
      string(value.textValue(), out);
    } else if (value.isBigDecimal()) {
      out.append(value.decimalValue().toString());
    } else if (value.isIntegralNumber() && !JqNumbers.printsAsDouble(value)) {
      out.append(value.bigIntegerValue().toString());
    } else if (value.isNumber()) {
      out.append(number(value.doubleValue()));
    } else if (value.isArray()) {
      out.append('[');
      for (int i = 0; i < value.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(value.get(i), out);
      }
      out.append(']');
    } else if (value.isObject()) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(field.getKey(), out);
        out.append(':');
        write(field.getValue(), out);
      }
      out.append('}');
    } else {
      out.append(value.toString());
    }
  }

  /**
   * Returns a computed number as jq prints it.
   *
   * @param value the number
   * @return e.g. {@code 5432}, {@code 0.30000000000000004}, {@code 1e+17}, {@code 1e-05}
   */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "null";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "1.7976931348623157e+308" : "-1.7976931348623157e+308";
    }
    if (value == 0) {
      return (1 / value < 0) ? "-0" : "0";
    }
    BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int decpt = digits.length() - shortest.scale(); // the value is 0.DIGITS x 10^decpt
    StringBuilder out = new StringBuilder(value < 0 ? "-" : "");
    if (decpt <= -4 || decpt > digits.length() + 15) {
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      int exponent = decpt - 1;
      out.append(exponent < 0 ? "e-" : "e+");
      int magnitude = Math.abs(exponent);
      if (magnitude < 10) {
        out.append('0');
      }
      out.append(magnitude);
    } else if (decpt <= 0) {
      out.append("0.");
      out.append("0".repeat(-decpt)).append(digits);
    } else if (decpt >= digits.length()) {
      out.append(digits).append("0".repeat(decpt - digits.length()));
    } else {
      out.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
    }
    return out.toString();
  }

  private static void string(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
