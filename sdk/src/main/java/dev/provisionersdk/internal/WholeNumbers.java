package dev.provisionersdk.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Set;

/**
 * Binds a JSON number to an integer type ({@code int}, {@code long}, {@code short}, {@code byte},
 * their boxes, {@code BigInteger}) only when it is whole: {@code 12.0} and {@code 1e3} bind, {@code
 * 12.7} fails with exit code 2 instead of silently becoming 12, which Jackson does by default.
 *
 * <p>Stateless and thread-safe.
 */
final class WholeNumbers {
  private static final Set<Class<?>> INTEGER_TYPES =
      Set.of(
          int.class,
          Integer.class,
          long.class,
          Long.class,
          short.class,
          Short.class,
          byte.class,
          Byte.class,
          BigInteger.class);

  private WholeNumbers() {}

  /**
   * Returns the module to register with the mapper.
   *
   * @return the module
   */
  static SimpleModule module() {
    SimpleModule module = new SimpleModule("provisioner-sdk-whole-numbers");
    module.setDeserializerModifier(new IntegerTypes());
    return module;
  }

  /** Wraps the deserializers of the integer types. */
  private static final class IntegerTypes extends BeanDeserializerModifier {
    private static final long serialVersionUID = 1L;

    @Override
    public JsonDeserializer<?> modifyDeserializer(
        DeserializationConfig config,
        BeanDescription description,
        JsonDeserializer<?> deserializer) {
      return INTEGER_TYPES.contains(description.getBeanClass())
          ? new Whole(deserializer)
          : deserializer;
    }
  }

  /** Refuses a fractional number, then lets Jackson's own deserializer do the rest. */
  private static final class Whole extends DelegatingDeserializer {
    private static final long serialVersionUID = 1L;

    Whole(JsonDeserializer<?> delegate) {
      super(delegate);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new Whole(delegate);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (parser.hasToken(JsonToken.VALUE_NUMBER_FLOAT)
          && parser.getDecimalValue().stripTrailingZeros().scale() > 0) {
        return context.handleWeirdNumberValue(
            handledType(), parser.getNumberValue(), "not a whole number");
      }
      return super.deserialize(parser, context);
    }
  }
}
