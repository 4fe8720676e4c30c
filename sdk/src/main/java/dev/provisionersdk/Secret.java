package dev.provisionersdk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret value, such as {@code MASSDRIVER_TOKEN} or an entry of {@code secrets.json}.
 *
 * <p>{@link #toString()} never shows the value, so a secret logged by mistake prints {@code
 * Secret[***]}. Call {@link #reveal()} only where the value must leave the program, for example
 * into a subprocess's environment. Every secret the runtime reads is also masked in the
 * provisioner's output.
 *
 * <p>Immutable and thread-safe.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * Wraps a value as a secret.
   *
   * @param value the secret value
   * @return the secret
   * @throws NullPointerException if {@code value} is {@code null}
   */
  public static Secret of(String value) {
    return new Secret(Objects.requireNonNull(value, "value"));
  }

  /**
   * Returns the secret's value. Never log it: pass it straight to the place that needs it.
   *
   * @return the value, never {@code null}
   */
  public String reveal() {
    return value;
  }

  /** Compares values in constant time, so equality checks do not leak the value by timing. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Secret
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8),
            ((Secret) other).value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Returns {@code Secret[***]}, never the value. */
  @Override
  public String toString() {
    return "Secret[***]";
  }
}
