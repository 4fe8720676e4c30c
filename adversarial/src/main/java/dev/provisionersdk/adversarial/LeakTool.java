package dev.provisionersdk.adversarial;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A tool the provisioner runs, standing in for a CLI that prints what it was given: the secrets
 * come in {@code LEAK_VALUES} (a JSON array of strings), and it writes straight to its file
 * descriptors 1 and 2, unbuffered.
 *
 * <p>Modes (first argument): {@code encodings} prints every encoding of every value with hostile
 * chunking on stdout and stderr; {@code long-stderr} prints, for each value, lines on stderr where
 * the value straddles byte 500 at every position, then exits 7.
 */
public final class LeakTool {
  private LeakTool() {}

  /**
   * Runs the tool.
   *
   * @param args the mode
   * @throws IOException when a stream fails
   */
  public static void main(String[] args) throws IOException {
    List<String> values = values();
    String mode = args.length == 0 ? "encodings" : args[0];
    OutputStream out = new FileOutputStream(FileDescriptor.out);
    OutputStream err = new FileOutputStream(FileDescriptor.err);
    switch (mode) {
      case "encodings" -> {
        for (String value : values) {
          new HostileWriter(out).writeAll(Encodings.lines(value));
          new HostileWriter(err).writeAll(Encodings.lines(value));
          new HostileWriter(out).writeAll(Encodings.wrapped(value));
          new HostileWriter(out).writeAll(Encodings.compositions(value));
          new HostileWriter(err).writeByteByByte("byte by byte: " + value);
        }
      }
      case "long-stderr" -> {
        for (String value : values) {
          // The value straddles byte 500 of its line at every position: the tail of the
          // failure message keeps 500 bytes per line.
          int length = value.getBytes(StandardCharsets.UTF_8).length;
          for (int visible = 1; visible < Math.min(length, 500); visible++) {
            String line = "x".repeat(500 - visible) + value + " and more after it\n";
            err.write(line.getBytes(StandardCharsets.UTF_8));
          }
        }
        err.flush();
        System.exit(7);
      }
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
  }

  /** Reads {@code LEAK_VALUES}. */
  static List<String> values() throws IOException {
    String json = System.getenv("LEAK_VALUES");
    if (json == null) {
      throw new IllegalStateException("LEAK_VALUES is not set");
    }
    return List.of(new ObjectMapper().readValue(json, String[].class));
  }
}
