package dev.provisionersdk.internal;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.internal.os.RegularFiles;
import java.nio.file.Path;

/**
 * The limits on input files, far above anything the platform writes: a file past one fails at once
 * with exit code 2 naming the file and the limit, instead of running out of memory or hanging.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>what</th><th>limit</th></tr>
 *   <tr><td>file size</td><td>{@value #MAX_FILE_BYTES} bytes (16 MiB)</td></tr>
 *   <tr><td>JSON tokens per file (each key, value, bracket)</td><td>{@value #MAX_TOKENS}</td></tr>
 *   <tr><td>nesting depth</td><td>{@value #MAX_DEPTH}</td></tr>
 *   <tr><td>one string</td><td>{@value #MAX_STRING_CHARS} characters (1 Mi)</td></tr>
 *   <tr><td>one number</td><td>{@value #MAX_NUMBER_DIGITS} digits</td></tr>
 *   <tr><td>values in {@code secrets.json} (each is masked)</td><td>{@value #MAX_SECRETS}</td></tr>
 * </table>
 *
 * <p>Stateless and thread-safe.
 */
final class InputLimits {
  /** Largest input file. */
  static final long MAX_FILE_BYTES = RegularFiles.MAX_BYTES;

  /** Most JSON tokens (keys, scalars, opening and closing brackets) in one file. */
  static final long MAX_TOKENS = 500_000;

  /** Deepest nesting of objects and arrays. */
  static final int MAX_DEPTH = 100;

  /** Longest string value or key, in characters. */
  static final int MAX_STRING_CHARS = 1024 * 1024;

  /** Longest number, in digits. */
  static final int MAX_NUMBER_DIGITS = 1000;

  /** Most string and number values in {@code secrets.json}: each one is masked in all output. */
  static final int MAX_SECRETS = 5_000;

  /** The constraints the parser enforces while it reads. */
  static final StreamReadConstraints CONSTRAINTS =
      StreamReadConstraints.builder()
          .maxTokenCount(MAX_TOKENS)
          .maxNestingDepth(MAX_DEPTH)
          .maxStringLength(MAX_STRING_CHARS)
          .maxNameLength(MAX_STRING_CHARS)
          .maxNumberLength(MAX_NUMBER_DIGITS)
          .build();

  private static final String FIX =
      " — the platform never writes an input this large; check what produced the file";

  private InputLimits() {}

  /**
   * Reads an input file, refusing anything but a regular file (a named pipe would block the run
   * forever) and anything larger than {@link #MAX_FILE_BYTES}. Symbolic links are followed, as
   * Kubernetes mounts files through them.
   *
   * @param path the file
   * @param fileName its name for messages, e.g. {@code secrets.json}
   * @return its bytes, or {@code null} when it does not exist
   * @throws ProvisionerException with exit code 2 when it is not a regular file, too large or
   *     unreadable
   */
  static byte[] read(Path path, String fileName) {
    return RegularFiles.read(path, fileName, "the platform writes each input as a regular file");
  }

  /**
   * Checks the number of values {@code secrets.json} asks to mask.
   *
   * @param secrets the parsed file
   * @throws ProvisionerException with exit code 2 when there are more than {@link #MAX_SECRETS}
   */
  static void checkSecretCount(JsonNode secrets) {
    int count = countScalars(secrets, 0);
    if (count > MAX_SECRETS) {
      throw ProvisionerException.invalidInput(
          "secrets.json: more than "
              + MAX_SECRETS
              + " values (the limit of secrets to mask; each costs memory and masking time)"
              + FIX);
    }
  }

  private static int countScalars(JsonNode node, int count) {
    if (count > MAX_SECRETS) {
      return count;
    }
    if (node.isContainerNode()) {
      int total = count;
      for (JsonNode child : node) {
        total = countScalars(child, total);
      }
      return total;
    }
    return node.isTextual() || node.isNumber() ? count + 1 : count;
  }

  /**
   * Describes which limit the parser hit, without quoting the content.
   *
   * @param fileName the file
   * @param e the parser's report
   * @return the error, exit code 2
   */
  static ProvisionerException exceeded(String fileName, StreamConstraintsException e) {
    String message = String.valueOf(e.getMessage());
    String limit;
    if (message.contains("NestingDepth")) {
      limit = "objects and arrays nested more than " + MAX_DEPTH + " levels deep";
    } else if (message.contains("StringLength")) {
      limit = "a string longer than " + MAX_STRING_CHARS + " characters";
    } else if (message.contains("NameLength")) {
      limit = "a key longer than " + MAX_STRING_CHARS + " characters";
    } else if (message.contains("NumberLength")) {
      limit = "a number longer than " + MAX_NUMBER_DIGITS + " digits";
    } else if (message.contains("TokenCount")) {
      limit = "more than " + MAX_TOKENS + " JSON tokens (keys, values and brackets)";
    } else {
      limit = "a parser limit";
    }
    // The parser's report has no position; the file and the limit are what the user needs.
    return ProvisionerException.invalidInput(
        fileName + " exceeds the input limits: " + limit + FIX);
  }
}
