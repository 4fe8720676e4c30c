package dev.provisionersdk.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Parsing and binding of the input files, with error messages that name the file, the line or the
 * JSON path, and never quote the content: {@code secrets.json} must not reach the logs through a
 * parser error.
 *
 * <p>Thread-safe.
 */
public final class Json {
  private static final String SCHEMA_HINT = " — check the value against the bundle's schema";

  private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private final JsonFactory factory =
      JsonFactory.builder()
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .streamReadConstraints(InputLimits.CONSTRAINTS)
          .build();

  /**
   * Built on first use: reading the input files does not need it, and it costs ~90 ms of start-up.
   */
  private volatile ObjectMapper mapper;

  /** Creates the parser the runtime uses for every input file. */
  public Json() {}

  /**
   * Returns the mapper, for binding and writing JSON; built on the first call.
   *
   * @return the shared mapper
   */
  public ObjectMapper mapper() {
    ObjectMapper built = mapper;
    if (built == null) {
      synchronized (this) {
        built = mapper;
        if (built == null) {
          built =
              JsonMapper.builder(factory)
                  .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                  .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                  .addModule(WholeNumbers.module())
                  .addModule(JavaTimes.module())
                  .build();
          mapper = built;
        }
      }
    }
    return built;
  }

  /** Whether {@link #mapper()} has been built; start-up tests check it was not. */
  boolean mapperBuilt() {
    return mapper != null;
  }

  /**
   * Parses JSON text into a tree with the streaming parser alone, which starts much faster than
   * {@link ObjectMapper#readTree}; the trees are the same (ints, longs and big integers by size,
   * doubles for decimals), except that a key that appears twice in an object is refused: which of
   * the values counts differs between tools, and a secret's other value would go unmasked.
   *
   * @param content the JSON
   * @return the tree, or a missing node for empty content
   * @throws JsonProcessingException on a syntax error, a duplicate key ({@link DuplicateKey}) or
   *     content after the top-level value
   */
  JsonNode readTree(byte[] content) throws IOException {
    try (JsonParser parser = factory.createParser(content)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return MissingNode.getInstance();
      }
      JsonNode tree = readValue(parser, first);
      if (parser.nextToken() != null) {
        throw new JsonParseException(parser, "Trailing token after the top-level value");
      }
      return tree;
    }
  }

  private static JsonNode readValue(JsonParser parser, JsonToken token) throws IOException {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    switch (token) {
      case START_OBJECT:
        ObjectNode object = nodes.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          if (object.has(name)) {
            throw new DuplicateKey(parser, pathOf(parser.getParsingContext()));
          }
          object.set(name, readValue(parser, parser.nextToken()));
        }
        return object;
      case START_ARRAY:
        ArrayNode array = nodes.arrayNode();
        for (JsonToken next = parser.nextToken();
            next != JsonToken.END_ARRAY;
            next = parser.nextToken()) {
          array.add(readValue(parser, next));
        }
        return array;
      case VALUE_STRING:
        return nodes.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        switch (parser.getNumberType()) {
          case INT:
            return nodes.numberNode(parser.getIntValue());
          case LONG:
            return nodes.numberNode(parser.getLongValue());
          default:
            return nodes.numberNode(parser.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return nodes.numberNode(parser.getDoubleValue());
      case VALUE_TRUE:
        return nodes.booleanNode(true);
      case VALUE_FALSE:
        return nodes.booleanNode(false);
      case VALUE_NULL:
        return nodes.nullNode();
      default:
        throw new JsonParseException(parser, "Unexpected token " + token);
    }
  }

  /**
   * Calls {@code leaf} with the JSON path and text of every string and number in the content, in
   * order, without building a tree: a key that appears twice is reported twice.
   *
   * @param content the JSON
   * @param leaf receives (path, text) pairs, paths like {@code $.a[0].b}
   * @throws IOException when the content is not JSON (leaves read before the error were reported)
   */
  void forEachScalar(byte[] content, BiConsumer<String, String> leaf) throws IOException {
    try (JsonParser parser = factory.createParser(content)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.VALUE_STRING || token.isNumeric()) {
          leaf.accept(pathOf(parser.getParsingContext()), parser.getText());
        }
      }
    }
  }

  /** A key that appears twice in one object; the message is its JSON path, never a value. */
  static final class DuplicateKey extends JsonParseException {
    private static final long serialVersionUID = 1L;

    private final String path;

    DuplicateKey(JsonParser parser, String path) {
      super(parser, "Duplicate key " + path);
      this.path = path;
    }

    /** The key's JSON path, e.g. {@code $.db_password}. */
    String path() {
      return path;
    }
  }

  /** The JSON path of the parser's current position, e.g. {@code $.hosts[2].password}. */
  static String pathOf(JsonStreamContext context) {
    ArrayDeque<String> segments = new ArrayDeque<>();
    for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
      if (at.inObject() && at.getCurrentName() != null) {
        segments.addFirst(childPath(at.getCurrentName()));
      } else if (at.inArray()) {
        segments.addFirst("[" + Math.max(0, at.getCurrentIndex()) + "]");
      }
    }
    return "$" + String.join("", segments);
  }

  /**
   * Writes a tree as compact JSON exactly as {@code mapper().writeValueAsString} does, without
   * building the mapper: the text {@code Secret.reveal()} returns for an object or an array in
   * {@code secrets.json}, and the text masked for it.
   *
   * @param tree a tree read by {@link #readTree}
   * @return the JSON text
   */
  public String compact(JsonNode tree) {
    return CompactJson.write(factory, tree);
  }

  /**
   * Parses an input file's bytes into an object node. Empty or blank content reads as {@code {}}.
   *
   * @param fileName the file's name for error messages, e.g. {@code secrets.json}
   * @param content the file's bytes
   * @return the object
   * @throws ProvisionerException with {@link ExitCode#INVALID_INPUT} when the content is not JSON
   *     or not an object
   */
  public ObjectNode parseObject(String fileName, byte[] content) {
    JsonNode tree;
    try {
      tree = readTree(content);
    } catch (StreamConstraintsException e) {
      throw InputLimits.exceeded(fileName, e);
    } catch (DuplicateKey e) {
      throw ProvisionerException.invalidInput(
          fileName
              + " "
              + e.path()
              + ": the key appears twice in the same object — keep one (tools disagree on which"
              + " value counts); the values are not shown, as they may be secrets");
    } catch (JsonProcessingException e) {
      throw ProvisionerException.invalidInput(
          fileName
              + " line "
              + (e.getLocation() == null ? 0 : e.getLocation().getLineNr())
              + ", column "
              + (e.getLocation() == null ? 0 : e.getLocation().getColumnNr())
              + ": "
              + describeSyntaxError(e)
              + " — fix the file (its content is not shown, as it may hold secrets)");
    } catch (IOException e) {
      throw ProvisionerException.invalidInput(fileName + ": cannot be parsed as JSON");
    }
    if (tree == null || tree.isMissingNode()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!tree.isObject()) {
      throw ProvisionerException.invalidInput(
          fileName
              + ": expected a JSON object at the top level, found "
              + article(tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT))
              + " — the platform writes each input file as an object, '{}' when empty");
    }
    return (ObjectNode) tree;
  }

  /**
   * Binds a tree to a type.
   *
   * @param fileName the file the tree came from, for error messages
   * @param pathPrefix the JSON path of {@code tree} in the file, {@code $} for the whole file
   * @param tree the tree
   * @param type the target type
   * @param <T> the target type
   * @return the bound value
   * @throws ProvisionerException with {@link ExitCode#INVALID_INPUT} when a value does not fit, or
   *     {@link ExitCode#HANDLER_FAILED} when the type itself cannot be bound (a programming error)
   */
  public <T> T bind(String fileName, String pathPrefix, JsonNode tree, Class<T> type) {
    Object scalar = exactScalar(tree, type);
    if (scalar != null) {
      return type.cast(scalar);
    }
    try {
      return mapper().treeToValue(tree, type);
    } catch (InvalidDefinitionException e) {
      throw ProvisionerException.withExitCode(
          ExitCode.HANDLER_FAILED,
          "cannot bind "
              + fileName
              + " to "
              + type.getName()
              + ": the type is not bindable ("
              + e.getOriginalMessage()
              + ") — give it a public constructor or make it a record");
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw ProvisionerException.invalidInput(
          fileName
              + " "
              + jsonPath(pathPrefix, e.getPath())
              + ": "
              + e.getType().getRawClass().getSimpleName()
              + " rejected the value ("
              + cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
              + ")");
    } catch (MismatchedInputException e) {
      Class<?> target = e.getTargetType();
      throw ProvisionerException.invalidInput(
          fileName
              + " "
              + jsonPath(pathPrefix, e.getPath())
              + ": expected "
              + (target == null ? "a value of the declared type" : describeType(target))
              + SCHEMA_HINT);
    } catch (JsonMappingException e) {
      throw ProvisionerException.invalidInput(
          fileName
              + " "
              + jsonPath(pathPrefix, e.getPath())
              + ": does not bind to "
              + type.getSimpleName());
    } catch (IOException e) {
      throw ProvisionerException.invalidInput(
          fileName + ": does not bind to " + type.getSimpleName());
    }
  }

  /**
   * Reads JSON a tool printed, such as its captured standard output, and binds it to a type with
   * the run's mapper ({@code JsonNode} for a tree).
   *
   * @param text the JSON text
   * @param type the target type
   * @param <T> the target type
   * @return the bound value
   * @throws ProvisionerException with {@link ExitCode#HANDLER_FAILED} when the text is not JSON or
   *     does not fit the type; the message names the line and column or the JSON path, never the
   *     content, which may hold secrets
   */
  public <T> T readOutput(String text, Class<T> type) {
    JsonNode tree;
    try {
      tree = mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw ProvisionerException.withExitCode(
          ExitCode.HANDLER_FAILED,
          "the tool's output line "
              + (e.getLocation() == null ? 0 : e.getLocation().getLineNr())
              + ", column "
              + (e.getLocation() == null ? 0 : e.getLocation().getColumnNr())
              + ": "
              + describeSyntaxError(e)
              + " — run it with Command.captureStdout() and the flag that makes it print JSON;"
              + " the content is not shown, as it may hold secrets");
    }
    if (tree == null || tree.isMissingNode()) {
      throw ProvisionerException.withExitCode(
          ExitCode.HANDLER_FAILED,
          "the tool's output is empty, expected JSON — was it run with Command.captureStdout()?");
    }
    try {
      return bind("the tool's output", "$", tree, type);
    } catch (ProvisionerException e) {
      if (!e.isInvalidInput()) {
        throw e;
      }
      // Not the user's input: the tool printed something else than the handler expects.
      throw ProvisionerException.withExitCode(
          ExitCode.HANDLER_FAILED,
          e.getMessage().replace(SCHEMA_HINT, "")
              + " — the tool's output does not have the shape of "
              + type.getSimpleName(),
          e);
    }
  }

  /**
   * Returns a scalar whose JSON type is exactly the requested one, without building the mapper: the
   * common {@code config("a.b", Boolean.class, true)} lookup then costs nothing at start-up.
   * Anything else (coercions, objects) goes through Jackson, so results never differ.
   */
  private static Object exactScalar(JsonNode tree, Class<?> type) {
    if (type == String.class && tree.isTextual()) {
      return tree.textValue();
    }
    if (type == Boolean.class && tree.isBoolean()) {
      return tree.booleanValue();
    }
    if (type == Integer.class && tree.isInt()) {
      return tree.intValue();
    }
    if (type == Long.class && (tree.isInt() || tree.isLong())) {
      return tree.longValue();
    }
    if (type == Double.class && tree.isDouble()) {
      return tree.doubleValue();
    }
    return null;
  }

  /**
   * Renders a JSON path such as {@code $.database.replicas} or {@code $.hosts[2]}.
   *
   * @param prefix the path the references are relative to
   * @param references Jackson's path references
   * @return the path
   */
  static String jsonPath(String prefix, List<JsonMappingException.Reference> references) {
    StringBuilder path = new StringBuilder(prefix);
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        path.append(childPath(reference.getFieldName()));
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /**
   * Returns the path segment for an object key: {@code .key}, or {@code ["odd key"]}.
   *
   * @param key the key
   * @return the segment
   */
  static String childPath(String key) {
    return SIMPLE_KEY.matcher(key).matches()
        ? "." + key
        : "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }

  private static String describeType(Class<?> type) {
    if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
      return "an array (" + type.getSimpleName() + ")";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "a boolean";
    }
    if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
      return "a number (" + type.getSimpleName() + ")";
    }
    if (type == java.time.Duration.class) {
      return "a duration such as 90s, 5m or 1h30m (Duration)";
    }
    if (type == java.time.Instant.class || type == java.time.OffsetDateTime.class) {
      return "an ISO-8601 timestamp such as 2026-01-31T12:00:00Z (" + type.getSimpleName() + ")";
    }
    if (type == java.time.LocalDate.class) {
      return "an ISO-8601 date such as 2026-01-31 (LocalDate)";
    }
    if (java.util.Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
      return "an object (" + type.getSimpleName() + ")";
    }
    return type.getSimpleName();
  }

  /**
   * Describes a syntax error without quoting the input. Jackson's messages quote the offending
   * character or token; only the part after "was expecting", which names grammar, is kept.
   */
  private static String describeSyntaxError(JsonProcessingException e) {
    if (e instanceof JsonEOFException) {
      return "unexpected end of input (an object, array or string is not closed)";
    }
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    int expecting = message.lastIndexOf("was expecting");
    if (expecting >= 0) {
      String grammar = message.substring(expecting).trim();
      if (grammar.indexOf('\'') < 0 && grammar.indexOf('"') < 0 && grammar.length() < 120) {
        return "invalid JSON, " + grammar;
      }
    }
    if (message.startsWith("Trailing token") || message.startsWith("Unexpected token")) {
      return "invalid JSON, unexpected content after the top-level value";
    }
    return "invalid JSON";
  }

  private static String article(String noun) {
    return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
  }
}
