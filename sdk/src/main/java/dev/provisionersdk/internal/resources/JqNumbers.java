package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;

/**
 * Numbers as jq 1.7 holds them: a literal keeps its decimal text, arithmetic is done in doubles.
 * jackson-jq computes with a {@code long} when both sides are integral nodes, which overflows past
 * 2^63 and is exact past 2^53 where jq rounds; so an integer beyond ±2^53 is held as a decimal,
 * which jackson-jq treats as a double in arithmetic while {@link JqJson} prints its text.
 *
 * <p>Stateless and thread-safe.
 */
final class JqNumbers {
  private static final long EXACT_DOUBLE = 1L << 53;

  private JqNumbers() {}

  /** The node of a literal: plain integers within ±2^53 as longs, anything else exact. */
  static JsonNode exact(BigDecimal value) {
    if (value.scale() == 0 && value.abs().compareTo(BigDecimal.valueOf(EXACT_DOUBLE)) <= 0) {
      return JsonNodeFactory.instance.numberNode(value.longValueExact());
    }
    return JsonNodeFactory.instance.numberNode(value);
  }

  /**
   * Rewrites a parsed tree so that integers beyond ±2^53 are decimals.
   *
   * @param tree a tree read with exact decimals; changed in place
   * @return the tree
   */
  static JsonNode literal(JsonNode tree) {
    if (tree.isObject()) {
      tree.properties().forEach(entry -> entry.setValue(literal(entry.getValue())));
    } else if (tree.isArray()) {
      for (int i = 0; i < tree.size(); i++) {
        ((com.fasterxml.jackson.databind.node.ArrayNode) tree).set(i, literal(tree.get(i)));
      }
    } else if (tree.isBigInteger()
        || (tree.isLong() && Math.abs(tree.longValue()) > EXACT_DOUBLE)) {
      return JsonNodeFactory.instance.numberNode(new BigDecimal(tree.bigIntegerValue()));
    }
    return tree;
  }

  /** Whether a computed integral node is past where jq prints it in exponent form. */
  static boolean printsAsDouble(JsonNode value) {
    return value.isIntegralNumber()
        && (value.isBigInteger() || Math.abs(value.longValue()) >= 10_000_000_000_000_000L);
  }
}
