package dev.provisionersdk.internal.redact;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The set of values to mask, shared by every output stream of one provisioner run. Values may be
 * added at any time; a stream sees a new value from its next write on.
 *
 * <p>Thread-safe: registration copies on write, readers see an immutable snapshot.
 */
public final class Redactor {
  /** Values shorter than this are not masked: masking "a" or "123" would destroy the output. */
  public static final int MINIMUM_LENGTH = 4;

  /** What a masked value is replaced with. */
  public static final String REPLACEMENT = "***";

  static final byte[] REPLACEMENT_BYTES = REPLACEMENT.getBytes(StandardCharsets.UTF_8);

  private volatile byte[][] patterns = new byte[0][];

  /** What {@link #register} decided about a value. */
  public enum Registration {
    /** The value is now masked (or already was). */
    MASKED,
    /** The value is shorter than {@link #MINIMUM_LENGTH} and is not masked. */
    TOO_SHORT
  }

  /**
   * Adds a value to mask. Registering the same value twice is harmless.
   *
   * @param value the secret value
   * @return whether the value is masked
   */
  public Registration register(String value) {
    if (value == null || value.codePointCount(0, value.length()) < MINIMUM_LENGTH) {
      return Registration.TOO_SHORT;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    synchronized (this) {
      for (byte[] existing : patterns) {
        if (Arrays.equals(existing, bytes)) {
          return Registration.MASKED;
        }
      }
      List<byte[]> next = new ArrayList<>(Arrays.asList(patterns));
      next.add(bytes);
      // Longest first, so the first full match found at a position is the longest one.
      next.sort(Comparator.comparingInt((byte[] p) -> p.length).reversed());
      patterns = next.toArray(new byte[0][]);
    }
    return Registration.MASKED;
  }

  /**
   * Masks every registered value in a string, for text that does not pass through a masking stream
   * (e.g. an exception message kept for later).
   *
   * @param text the text
   * @return the text with every registered value replaced by {@value #REPLACEMENT}
   */
  public String redact(String text) {
    String result = text;
    for (byte[] pattern : patterns) {
      result = result.replace(new String(pattern, StandardCharsets.UTF_8), REPLACEMENT);
    }
    return result;
  }

  byte[][] snapshot() {
    return patterns;
  }
}
