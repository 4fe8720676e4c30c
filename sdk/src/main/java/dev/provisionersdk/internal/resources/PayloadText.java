package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisionersdk.internal.redact.Redactor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps payload values out of logs and error messages: masks values under sensitive keys in a
 * logged payload, registers them for masking, and scrubs every payload value from a text such as an
 * API error body.
 *
 * <p>Stateless and thread-safe.
 */
final class PayloadText {
  /** Keys whose values are credentials in Massdriver resource types and in common practice. */
  private static final Pattern SENSITIVE_KEY =
      Pattern.compile(
          "password|passwd|secret|token|private_?key|credential|api_?key|access_?key|cert_?key");

  private PayloadText() {}

  /**
   * Returns whether a key names a credential, e.g. {@code password} or {@code client_secret}.
   *
   * @param key an object key
   * @return {@code true} for a sensitive key
   */
  static boolean isSensitiveKey(String key) {
    return SENSITIVE_KEY.matcher(key.toLowerCase(Locale.ROOT)).find();
  }

  /**
   * Returns a copy of a payload in which every value under a sensitive key is {@code "***"}.
   *
   * @param payload the payload
   * @return the masked copy
   */
  static JsonNode masked(JsonNode payload) {
    JsonNode copy = payload.deepCopy();
    mask(copy);
    return copy;
  }

  private static void mask(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      List<String> keys = new ArrayList<>();
      object.fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        if (isSensitiveKey(key) && !object.get(key).isNull()) {
          object.put(key, Redactor.REPLACEMENT);
        } else {
          mask(object.get(key));
        }
      }
    } else if (node.isArray()) {
      node.forEach(PayloadText::mask);
    }
  }

  /**
   * Registers the string values found under sensitive keys for masking in all output.
   *
   * @param payload the payload
   * @param redactor the run's redactor
   */
  static void registerSensitive(JsonNode payload, Redactor redactor) {
    if (payload.isObject()) {
      payload
          .properties()
          .forEach(
              entry -> {
                if (isSensitiveKey(entry.getKey())) {
                  registerLeaves(entry.getValue(), redactor);
                } else {
                  registerSensitive(entry.getValue(), redactor);
                }
              });
    } else if (payload.isArray()) {
      payload.forEach(child -> registerSensitive(child, redactor));
    }
  }

  private static void registerLeaves(JsonNode node, Redactor redactor) {
    if (node.isContainerNode()) {
      node.forEach(child -> registerLeaves(child, redactor));
    } else if (node.isTextual()) {
      // Strings only: a number under e.g. "token_ttl" (3600) would mask every 3600 in the logs.
      redactor.register(node.asText());
    }
  }

  /**
   * Replaces every string value of a payload (of at least {@link Redactor#MINIMUM_LENGTH}
   * characters) found in a text with {@code ***}, longest first.
   *
   * @param text e.g. an API error body
   * @param payload the payload that was sent
   * @return the scrubbed text
   */
  static String scrub(String text, JsonNode payload) {
    List<String> values = new ArrayList<>();
    collectStrings(payload, values);
    values.sort(Comparator.comparingInt(String::length).reversed());
    String result = text;
    for (String value : values) {
      result = result.replace(value, Redactor.REPLACEMENT);
    }
    return result;
  }

  private static void collectStrings(JsonNode node, List<String> values) {
    if (node.isContainerNode()) {
      node.forEach(child -> collectStrings(child, values));
    } else if (node.isTextual() && node.asText().length() >= Redactor.MINIMUM_LENGTH) {
      values.add(node.asText());
    }
  }
}
