package dev.provisionersdk.internal.redact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The set of values to mask, shared by every output stream of one provisioner run. Values may be
 * added at any time; a stream sees a new value from its next write on.
 *
 * <p>For each registered value the redactor masks the forms listed in docs/redaction.md, "Encoded
 * forms" section: the raw, trimmed, LF and CRLF variants and every non-empty trimmed line of a
 * multi-line value, each of them raw, JSON-escaped (plain and HTML-safe, non-ASCII as {@code
 * \}{@code uXXXX} or not), URL-encoded, XML-escaped, shell-quoted and base64-encoded at any byte
 * offset, also wrapped across lines. All forms of all values go into one Aho–Corasick automaton,
 * and the base64 forms into a second one that reads wrapped lines as one run; both are built lazily
 * after registrations change.
 *
 * <p>Thread-safe: registration and the rebuild are serialised, streams read an immutable automaton.
 */
public final class Redactor {
  /** Values shorter than this many code points are not masked: masking "a" would ruin output. */
  public static final int MINIMUM_LENGTH = 4;

  /** What a masked value is replaced with. */
  public static final String REPLACEMENT = "***";

  static final byte[] REPLACEMENT_BYTES = REPLACEMENT.getBytes(StandardCharsets.UTF_8);

  /** Every form of every value. */
  private final Patterns forms = new Patterns();

  /** The base64 forms alone, for {@link WrappedBase64Stage}. */
  private final Patterns base64Forms = new Patterns();

  /** Counts the registrations that added forms; 0 while nothing is registered. */
  private volatile int version;

  /** What {@link #register} decided about a value. */
  public enum Registration {
    /** The value is now masked (or already was). */
    MASKED,
    /** The value is shorter than {@link #MINIMUM_LENGTH} code points and is not masked. */
    TOO_SHORT
  }

  /**
   * Adds a value, with all its forms, to mask. Registering the same value twice is harmless.
   *
   * @param value the secret value; {@code null} is treated as too short
   * @return whether the value is masked
   */
  public Registration register(String value) {
    if (!SecretForms.longEnough(value)) {
      return Registration.TOO_SHORT;
    }
    SecretForms.Forms valueForms = SecretForms.of(value);
    synchronized (this) {
      if (forms.addAll(valueForms.all()) | base64Forms.addAll(valueForms.base64())) {
        version++;
      }
    }
    return Registration.MASKED;
  }

  /**
   * Masks every registered value in a string, for text that does not pass through a masking stream
   * (e.g. an exception message kept for later).
   *
   * @param text the text
   * @return the text with every form of every registered value replaced by {@value #REPLACEMENT}
   */
  public String redact(String text) {
    ByteArrayOutputStream masked = new ByteArrayOutputStream(text.length() + 16);
    try (RedactingOutputStream stream = new RedactingOutputStream(masked, this)) {
      stream.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("unreachable: in-memory stream failed", e);
    }
    return masked.toString(StandardCharsets.UTF_8);
  }

  /** The automaton of every form of the values registered so far. */
  Automaton automaton() {
    return forms.automaton();
  }

  /**
   * The automaton of the base64 forms alone, for {@link WrappedBase64Stage}; built only once output
   * holds a line that may be wrapped base64.
   */
  Automaton wrappedAutomaton() {
    return base64Forms.automaton();
  }

  /** Changes whenever a registration adds forms; 0 until one does. */
  int version() {
    return version;
  }

  /**
   * A set of patterns and its automaton, rebuilt on first use after the set grew. Changed and
   * rebuilt under the redactor's lock; streams read the built automaton without it.
   */
  private final class Patterns {
    private final Set<String> texts = new LinkedHashSet<>();
    private volatile Automaton built = Automaton.EMPTY;
    private volatile boolean stale;

    /** Adds patterns; the caller holds the redactor's lock. Returns whether the set grew. */
    boolean addAll(Collection<String> added) {
      boolean grew = texts.addAll(added);
      if (grew) {
        stale = true;
      }
      return grew;
    }

    Automaton automaton() {
      if (stale) {
        synchronized (Redactor.this) {
          if (stale) {
            List<byte[]> patterns = new ArrayList<>(texts.size());
            for (String text : texts) {
              patterns.add(text.getBytes(StandardCharsets.UTF_8));
            }
            built = Automaton.build(patterns);
            stale = false;
          }
        }
      }
      return built;
    }

    int size() {
      return texts.size();
    }
  }

  /** How many distinct forms are registered, for tests. */
  synchronized int formCount() {
    return forms.size();
  }
}
