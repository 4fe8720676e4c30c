package dev.provisionersdk.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.provisionersdk.internal.exec.Durations;
import java.io.IOException;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.function.Function;

/**
 * Binds the {@code java.time} types a provisioner's config needs, without the jsr310 module: {@code
 * Duration} in the grammar of the step config's {@code execution} keys ({@code 90s}, {@code 5m},
 * {@code 1h30m}, {@code 250ms}; ISO-8601 {@code PT1H30M} and whole seconds as a number too), and
 * {@code Instant}, {@code LocalDate} and {@code OffsetDateTime} in ISO-8601. They are written back
 * the same way, so a record holding one can be published.
 *
 * <p>Stateless and thread-safe.
 */
final class JavaTimes {
  private JavaTimes() {}

  /**
   * Returns the module to register with the mapper.
   *
   * @return the module
   */
  static SimpleModule module() {
    SimpleModule module = new SimpleModule("provisioner-sdk-java-time");
    module.addDeserializer(Duration.class, new DurationReader());
    module.addSerializer(Duration.class, new Written<>(Durations::format));
    add(module, Instant.class, Instant::parse);
    add(module, LocalDate.class, LocalDate::parse);
    add(module, OffsetDateTime.class, OffsetDateTime::parse);
    return module;
  }

  private static <T> void add(SimpleModule module, Class<T> type, Function<String, T> parse) {
    module.addDeserializer(type, new TextReader<>(type, parse));
    module.addSerializer(type, new Written<>(Object::toString));
  }

  /** Parses a JSON string; anything else or an unparsable text is a mismatch naming the type. */
  private static class TextReader<T> extends JsonDeserializer<T> {
    private final Class<T> type;
    private final Function<String, T> parse;

    TextReader(Class<T> type, Function<String, T> parse) {
      this.type = type;
      this.parse = parse;
    }

    @Override
    public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        return fromOther(parser, context);
      }
      String text = parser.getText().trim();
      try {
        return parse.apply(text);
      } catch (DateTimeException | IllegalArgumentException | ArithmeticException e) {
        // The value is left out of the message: the caller names the path and the type.
        throw InvalidFormatException.from(parser, "not a " + type.getSimpleName(), null, type);
      }
    }

    /** A value that is not a string: a mismatch, unless a subclass accepts it. */
    T fromOther(JsonParser parser, DeserializationContext context) throws IOException {
      return type.cast(context.handleUnexpectedToken(type, parser));
    }
  }

  /** {@code 1h30m} as in {@code execution.*}, ISO-8601, or whole seconds; unbounded. */
  private static final class DurationReader extends TextReader<Duration> {
    DurationReader() {
      super(Duration.class, DurationReader::parse);
    }

    private static Duration parse(String text) {
      if (text.startsWith("P") || text.startsWith("p")) {
        return Duration.parse(text);
      }
      return Durations.parseUnbounded(text);
    }

    @Override
    Duration fromOther(JsonParser parser, DeserializationContext context) throws IOException {
      if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
        BigInteger seconds = parser.getBigIntegerValue();
        if (seconds.signum() >= 0 && seconds.bitLength() < 63) {
          return Duration.ofSeconds(seconds.longValue());
        }
      }
      return super.fromOther(parser, context);
    }
  }

  /** Writes a value as the text its reader accepts. */
  private static final class Written<T> extends JsonSerializer<T> {
    private final Function<T, String> text;

    Written(Function<T, String> text) {
      this.text = text;
    }

    @Override
    public void serialize(T value, JsonGenerator generator, SerializerProvider serializers)
        throws IOException {
      generator.writeString(text.apply(value));
    }
  }
}
