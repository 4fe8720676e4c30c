package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import net.thisptr.jackson.jq.Expression;
import net.thisptr.jackson.jq.Function;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * The C math functions of jq 1.7 that jackson-jq lacks: {@code trunc}, {@code fabs}, {@code
 * nearbyint}, {@code significand}, {@code logb}, {@code modf}, {@code frexp}, {@code ldexp}, {@code
 * scalb}, {@code scalbln}, {@code drem}, {@code fma}, {@code fmin}, {@code fmax}.
 *
 * <p>Stateless and thread-safe.
 */
final class JqMath {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JqMath() {}

  private interface Binary {
    double apply(double a, double b);
  }

  static void register(Scope scope) {
    unary(scope, "trunc", v -> v < 0 ? Math.ceil(v) : Math.floor(v));
    unary(scope, "fabs", Math::abs);
    unary(scope, "nearbyint", Math::rint);
    unary(
        scope,
        "significand",
        v -> v == 0 || !Double.isFinite(v) ? v : v / Math.pow(2, Math.getExponent(v)));
    unary(scope, "logb", v -> v == 0 ? Double.NEGATIVE_INFINITY : Math.getExponent(v));
    scope.addFunction(
        "modf",
        0,
        (s, args, in, path, out, v) -> {
          double value = number(in, "modf");
          double whole = value < 0 ? Math.ceil(value) : Math.floor(value);
          ArrayNode pair = NODES.arrayNode();
          pair.add(value - whole);
          pair.add(whole);
          out.emit(pair, null);
        });
    scope.addFunction(
        "frexp",
        0,
        (s, args, in, path, out, v) -> {
          double value = number(in, "frexp");
          int exponent = value == 0 || !Double.isFinite(value) ? 0 : Math.getExponent(value) + 1;
          ArrayNode pair = NODES.arrayNode();
          pair.add(value / Math.pow(2, exponent));
          pair.add(exponent);
          out.emit(pair, null);
        });
    binary(scope, "ldexp", (a, b) -> a * Math.pow(2, b));
    binary(scope, "scalb", (a, b) -> a * Math.pow(2, b));
    binary(scope, "scalbln", (a, b) -> a * Math.pow(2, b));
    binary(scope, "drem", Math::IEEEremainder);
    binary(scope, "fmin", Math::min);
    binary(scope, "fmax", Math::max);
    scope.addFunction(
        "fma",
        3,
        (s, args, in, path, out, v) ->
            each(
                s,
                args.get(2),
                in,
                "fma",
                c ->
                    each(
                        s,
                        args.get(1),
                        in,
                        "fma",
                        b ->
                            each(
                                s,
                                args.get(0),
                                in,
                                "fma",
                                a -> out.emit(NODES.numberNode(a * b + c), null)))));
  }

  private interface DoubleConsumer {
    void accept(double value) throws JsonQueryException;
  }

  private static void each(
      Scope scope, Expression argument, JsonNode in, String function, DoubleConsumer body)
      throws JsonQueryException {
    argument.apply(scope, in, value -> body.accept(number(value, function)));
  }

  private static void unary(Scope scope, String name, DoubleUnaryOperator body) {
    scope.addFunction(
        name,
        0,
        (s, args, in, path, out, v) ->
            out.emit(NODES.numberNode(body.applyAsDouble(number(in, name))), null));
  }

  private static void binary(Scope scope, String name, Binary body) {
    Function function =
        (s, args, in, path, out, v) -> {
          List<Expression> both = args;
          each(
              s,
              both.get(1),
              in,
              name,
              b ->
                  each(
                      s,
                      both.get(0),
                      in,
                      name,
                      a -> out.emit(NODES.numberNode(body.apply(a, b)), null)));
        };
    scope.addFunction(name, 2, function);
  }

  private static double number(JsonNode value, String function) throws JsonQueryException {
    if (!value.isNumber()) {
      throw new JsonQueryException(
          JqJson.write(value)
              + " ("
              + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
              + ") number required by "
              + function);
    }
    return value.doubleValue();
  }
}
