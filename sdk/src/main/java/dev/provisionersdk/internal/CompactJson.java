package dev.provisionersdk.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/**
 * Writes a parsed tree as compact JSON with the streaming generator alone, the text Jackson's
 * {@code ObjectMapper} would write, without the ~90 ms of start-up that building a mapper costs.
 *
 * <p>Stateless; thread-safe.
 */
final class CompactJson {
  private CompactJson() {}

  /**
   * Writes a tree.
   *
   * @param factory the factory that creates the generator
   * @param tree a tree of objects, arrays, strings, numbers, booleans and nulls
   * @return the compact JSON text
   */
  static String write(JsonFactory factory, JsonNode tree) {
    StringWriter text = new StringWriter();
    try (JsonGenerator generator = factory.createGenerator(text)) {
      write(generator, tree);
    } catch (IOException e) {
      throw new IllegalStateException("unreachable: writing JSON to a string failed", e);
    }
    return text.toString();
  }

  private static void write(JsonGenerator generator, JsonNode node) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        generator.writeStartObject();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          generator.writeFieldName(field.getKey());
          write(generator, field.getValue());
        }
        generator.writeEndObject();
      }
      case ARRAY -> {
        generator.writeStartArray();
        for (JsonNode item : node) {
          write(generator, item);
        }
        generator.writeEndArray();
      }
      case STRING -> generator.writeString(node.textValue());
      case NUMBER -> writeNumber(generator, node);
      case BOOLEAN -> generator.writeBoolean(node.booleanValue());
      case NULL -> generator.writeNull();
      default ->
          throw new IllegalArgumentException("not a parsed JSON value: " + node.getNodeType());
    }
  }

  private static void writeNumber(JsonGenerator generator, JsonNode node) throws IOException {
    if (node.isInt()) {
      generator.writeNumber(node.intValue());
    } else if (node.isLong()) {
      generator.writeNumber(node.longValue());
    } else if (node.isBigInteger()) {
      generator.writeNumber(node.bigIntegerValue());
    } else if (node.isBigDecimal()) {
      generator.writeNumber(node.decimalValue());
    } else if (node.isFloat()) {
      generator.writeNumber(node.floatValue());
    } else {
      generator.writeNumber(node.doubleValue());
    }
  }
}
