package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisionersdk.ProvisionerException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.IdentityHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads {@code massdriver.yaml} into a JSON tree the way the platform's Go tooling sees it: anchors
 * and aliases are resolved, {@code <<:} merge keys are merged (keys written in the mapping win over
 * merged ones), and mapping keys stay the text written. Jackson's YAML reader does neither (an
 * alias reads as the anchor's name), which is why SnakeYAML's composer is used directly.
 *
 * <p>Stateless and thread-safe.
 */
final class BundleYaml {
  /** Guards against alias bombs; real bundles use a handful. */
  private static final int MAX_ALIASES = 500;

  /** The most values the document may expand to once aliases are resolved. */
  private static final long MAX_EXPANDED_VALUES = 2_000_000;

  private BundleYaml() {}

  /**
   * Parses a YAML document.
   *
   * @param text the document
   * @param name the file's name for messages, e.g. {@code bundle/massdriver.yaml}
   * @return the tree; an empty object for an empty document
   * @throws ProvisionerException with exit code 2 when the text is not YAML, naming the line
   */
  static JsonNode parse(String text, String name) {
    Node root;
    try {
      root = new Yaml(options()).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw ProvisionerException.invalidInput(
          name + " line " + line + ": cannot be parsed (" + e.getProblem() + ") — fix the file");
    } catch (YAMLException e) {
      throw ProvisionerException.invalidInput(
          name + ": cannot be parsed (" + e.getMessage() + ") — fix the file");
    }
    if (root == null) {
      return JsonNodeFactory.instance.objectNode();
    }
    checkSize(root, name);
    return convert(root, new IdentityHashMap<>());
  }

  private static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    options.setMergeOnCompose(true);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowDuplicateKeys(true);
    return options;
  }

  private static void checkSize(Node root, String name) {
    if (expandedSize(root, new IdentityHashMap<>()) > MAX_EXPANDED_VALUES) {
      throw ProvisionerException.invalidInput(
          name
              + ": its aliases expand to more than "
              + MAX_EXPANDED_VALUES
              + " values — a real bundle never needs that; check the file's anchors");
    }
  }

  /** How many values a node stands for once aliases are expanded, saturating. */
  private static long expandedSize(Node node, Map<Node, Long> sizes) {
    Long known = sizes.get(node);
    if (known != null) {
      return known;
    }
    long size = 1;
    if (node instanceof MappingNode) {
      for (NodeTuple tuple : ((MappingNode) node).getValue()) {
        size += expandedSize(tuple.getKeyNode(), sizes) + expandedSize(tuple.getValueNode(), sizes);
        size = Math.min(size, Long.MAX_VALUE / 4);
      }
    } else if (node instanceof SequenceNode) {
      for (Node item : ((SequenceNode) node).getValue()) {
        size = Math.min(size + expandedSize(item, sizes), Long.MAX_VALUE / 4);
      }
    }
    sizes.put(node, size);
    return size;
  }

  /**
   * Converts a node; an aliased node is converted once and its tree shared, which is safe because
   * the trees are only read.
   */
  private static JsonNode convert(Node node, Map<Node, JsonNode> done) {
    JsonNode known = done.get(node);
    if (known != null) {
      return known;
    }
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    JsonNode result;
    if (node instanceof MappingNode) {
      ObjectNode object = nodes.objectNode();
      for (NodeTuple tuple : ((MappingNode) node).getValue()) {
        String key =
            tuple.getKeyNode() instanceof ScalarNode
                ? ((ScalarNode) tuple.getKeyNode()).getValue()
                : convert(tuple.getKeyNode(), done).toString();
        object.set(key, convert(tuple.getValueNode(), done));
      }
      result = object;
    } else if (node instanceof SequenceNode) {
      ArrayNode array = nodes.arrayNode();
      for (Node item : ((SequenceNode) node).getValue()) {
        array.add(convert(item, done));
      }
      result = array;
    } else {
      result = scalar((ScalarNode) node);
    }
    done.put(node, result);
    return result;
  }

  private static JsonNode scalar(ScalarNode node) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    String value = node.getValue();
    Tag tag = node.getTag();
    try {
      if (Tag.NULL.equals(tag)) {
        return nodes.nullNode();
      } else if (Tag.BOOL.equals(tag)) {
        String word = value.toLowerCase(java.util.Locale.ROOT);
        return nodes.booleanNode(word.equals("true") || word.equals("yes") || word.equals("on"));
      } else if (Tag.INT.equals(tag)) {
        return nodes.numberNode(new BigInteger(value.replace("_", "")));
      } else if (Tag.FLOAT.equals(tag)) {
        return nodes.numberNode(new BigDecimal(value.replace("_", "")));
      }
    } catch (NumberFormatException e) {
      // YAML 1.1 forms such as 0x1F, 1:30 or .inf: kept as text, never needed for resources.
    }
    return nodes.textNode(value);
  }
}
