package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One resource to publish: the body of {@code POST /v1/resources}. Not a record, so that {@link
 * #toString()} never shows the payload.
 *
 * <p>Immutable once built (the payload is a private copy) and thread-safe.
 */
public final class Publication {
  private final String field;
  private final String name;
  private final String type;
  private final JsonNode payload;

  /**
   * Creates a publication.
   *
   * @param field the field in {@code artifacts.properties}
   * @param name the display name
   * @param type the resource type, {@code $ref} of the field in {@code massdriver.yaml}
   * @param payload the payload; copied
   */
  public Publication(String field, String name, String type, JsonNode payload) {
    this.field = Objects.requireNonNull(field, "field");
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.payload = Objects.requireNonNull(payload, "payload").deepCopy();
  }

  /**
   * Returns the field.
   *
   * @return the field
   */
  public String field() {
    return field;
  }

  /**
   * Returns the display name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the resource type.
   *
   * @return the type
   */
  public String type() {
    return type;
  }

  /**
   * Returns the payload. Never log it unmasked.
   *
   * @return a copy of the payload
   */
  public JsonNode payload() {
    return payload.deepCopy();
  }

  /** Names the field, type and display name, never the payload. */
  @Override
  public String toString() {
    return "Publication[field=" + field + ", type=" + type + ", name=" + name + "]";
  }
}
