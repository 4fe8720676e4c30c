package dev.provisionersdk.internal.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the tests see of the process table, read from {@code /proc} independently of the code under
 * test: live processes by an argument, and this JVM's zombie children.
 */
final class ProcessSnapshot {
  private ProcessSnapshot() {}

  /**
   * Returns the live processes (not zombies) with an argument containing {@code text}.
   *
   * @param text e.g. a run's tag
   * @return their process ids
   */
  static List<Long> withArgument(String text) {
    List<Long> found = new ArrayList<>();
    for (long pid : pids()) {
      String cmdline = read(pid, "cmdline");
      if (cmdline != null && cmdline.contains(text) && !"Z".equals(state(pid))) {
        found.add(pid);
      }
    }
    return found;
  }

  /**
   * Returns whether a process runs: it exists and is not a zombie (which the JDK reports as alive,
   * until its parent reaps it).
   *
   * @param pid the process
   * @return {@code true} when it runs
   */
  static boolean isRunning(long pid) {
    String state = state(pid);
    return state != null && !state.equals("Z");
  }

  /**
   * Returns a process's arguments, separated by spaces.
   *
   * @param pid the process
   * @return the arguments, empty when it is gone
   */
  static String arguments(long pid) {
    String cmdline = read(pid, "cmdline");
    return cmdline == null ? "" : cmdline.replace('\0', ' ');
  }

  /**
   * Returns how many children of this JVM are zombies.
   *
   * @return the count
   */
  static int zombieChildren() {
    String self = String.valueOf(ProcessHandle.current().pid());
    int zombies = 0;
    for (long pid : pids()) {
      String stat = read(pid, "stat");
      if (stat != null) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        if (fields[0].equals("Z") && fields[1].equals(self)) {
          zombies++;
        }
      }
    }
    return zombies;
  }

  private static String state(long pid) {
    String stat = read(pid, "stat");
    return stat == null ? null : stat.substring(stat.lastIndexOf(')') + 2).split(" ")[0];
  }

  private static List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"))) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.chars().allMatch(Character::isDigit)) {
          pids.add(Long.parseLong(name));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return pids;
  }

  private static String read(long pid, String file) {
    try {
      return new String(
          Files.readAllBytes(Path.of("/proc", String.valueOf(pid), file)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null; // gone meanwhile, or not ours to read
    }
  }
}
