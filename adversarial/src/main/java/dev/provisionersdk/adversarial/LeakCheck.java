package dev.provisionersdk.adversarial;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.provisionersdk.testing.RunResult;
import dev.provisionersdk.testing.RunResultAssert;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks a run's output for leaks with the test kit's independent check ({@link
 * RunResultAssert#leaksNoSecrets()}), for runs made outside JUnit ({@code scripts/e2e-images.sh}).
 *
 * <p>Usage: {@code LeakCheck SECRETS_JSON STDOUT_FILE STDERR_FILE [EXTRA_SECRET...]}; exits 0 when
 * nothing leaked, 1 with a message naming the secret's index and the stream (never the value).
 */
public final class LeakCheck {
  private LeakCheck() {}

  /**
   * Runs the check.
   *
   * @param args the secrets file, the two output files, then extra secret values (the token)
   * @throws IOException when a file cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: LeakCheck SECRETS_JSON STDOUT_FILE STDERR_FILE [EXTRA_SECRET...]");
      System.exit(2);
    }
    List<String> secrets = secretValues(Path.of(args[0]));
    secrets.addAll(Arrays.asList(args).subList(3, args.length));
    RunResult result =
        RunResult.of(
            0,
            Files.readString(Path.of(args[1]), StandardCharsets.UTF_8),
            Files.readString(Path.of(args[2]), StandardCharsets.UTF_8),
            secrets);
    try {
      RunResultAssert.assertThat(result).leaksNoSecrets();
    } catch (AssertionError leak) {
      System.err.println("LEAK: " + leak.getMessage());
      System.exit(1);
    }
    System.out.println("no leak of " + secrets.size() + " secret values");
  }

  /**
   * Every string and number in a JSON file, duplicates of a key included, and the leaves of strings
   * that hold JSON themselves: every value a provisioner could print.
   *
   * @param file the file
   * @return the values
   * @throws IOException when the file cannot be read or parsed
   */
  public static List<String> secretValues(Path file) throws IOException {
    List<String> values = new ArrayList<>();
    collect(Files.readAllBytes(file), values);
    return values;
  }

  private static void collect(byte[] json, List<String> values) throws IOException {
    try (JsonParser parser = new JsonFactory().createParser(json)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.VALUE_STRING) {
          String text = parser.getText();
          values.add(text);
          String trimmed = text.strip();
          if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
              collect(trimmed.getBytes(StandardCharsets.UTF_8), values);
            } catch (IOException notJson) {
              // A value that only looks like JSON: the whole value is checked already.
            }
          }
        } else if (token.isNumeric()) {
          values.add(parser.getText());
        }
      }
    }
  }
}
