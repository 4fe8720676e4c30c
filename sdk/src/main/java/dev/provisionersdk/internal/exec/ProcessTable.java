package dev.provisionersdk.internal.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Linux process table as {@code /proc} shows it: every process id, a process's state, parent
 * and start time, and one variable of the environment it was started with. What the JDK's {@link
 * ProcessHandle} cannot say: whether a process is a zombie (it reports zombies as alive), and which
 * processes descend from a run after they left its tree.
 *
 * <p>Stateless and thread-safe. Every method answers "nothing" for a process that has gone or that
 * this user may not read.
 */
final class ProcessTable {
  private static final Path PROC = Path.of("/proc");

  private ProcessTable() {}

  /** A process's state, parent and start time ({@code /proc/<pid>/stat}). */
  record Stat(long pid, char state, long parent, long startTicks) {
    /** Whether the process has exited and waits to be reaped (or is being reaped). */
    boolean exited() {
      return state == 'Z' || state == 'X';
    }
  }

  /**
   * Returns whether this system has a Linux {@code /proc}.
   *
   * @return {@code false} on macOS and other systems without it
   */
  static boolean available() {
    return Files.isDirectory(PROC.resolve("self"));
  }

  /**
   * Returns the ids of all processes.
   *
   * @return the ids, empty without {@code /proc}
   */
  static List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
          pids.add(Long.parseLong(name));
        }
      }
    } catch (IOException e) {
      // No /proc: the callers fall back to the JDK's process tree.
    }
    return pids;
  }

  /**
   * Reads a process's state, parent and start time.
   *
   * @param pid the process
   * @return them, or empty when the process is gone
   */
  static Optional<Stat> stat(long pid) {
    byte[] bytes = read(pid, "stat");
    if (bytes == null) {
      return Optional.empty();
    }
    String text = new String(bytes, StandardCharsets.US_ASCII);
    // "pid (command) state ppid ...": the command may hold spaces and parentheses.
    int close = text.lastIndexOf(')');
    if (close < 0 || close + 2 >= text.length()) {
      return Optional.empty();
    }
    String[] fields = text.substring(close + 2).trim().split(" ");
    if (fields.length < 20) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Stat(
              pid, fields[0].charAt(0), Long.parseLong(fields[1]), Long.parseLong(fields[19])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Returns the value of one variable of the environment a process was started with.
   *
   * @param pid the process
   * @param name the variable
   * @return the value, or empty when the variable is not set, the process is gone or a zombie, or
   *     this user may not read its environment
   */
  static Optional<String> environmentValue(long pid, String name) {
    byte[] environment = read(pid, "environ");
    if (environment == null) {
      return Optional.empty();
    }
    byte[] key = (name + "=").getBytes(StandardCharsets.US_ASCII);
    int start = 0;
    while (start < environment.length) {
      int end = start;
      while (end < environment.length && environment[end] != 0) {
        end++;
      }
      if (startsWith(environment, start, end, key)) {
        return Optional.of(
            new String(
                environment, start + key.length, end - start - key.length, StandardCharsets.UTF_8));
      }
      start = end + 1;
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] bytes, int start, int end, byte[] prefix) {
    if (end - start < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[start + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] read(long pid, String file) {
    try {
      return Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve(file));
    } catch (IOException | SecurityException e) {
      return null; // gone, a kernel thread, or another user's
    }
  }
}
