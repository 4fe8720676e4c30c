package dev.provisionersdk.internal.output;

import dev.provisionersdk.internal.os.Posix;
import dev.provisionersdk.internal.redact.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Masks file descriptors 1 and 2 themselves: each becomes the write end of a pipe whose read end a
 * {@link DescriptorPump} copies, masked, to a duplicate of the original descriptor. Everything the
 * process writes there then passes the masker — Java code through any stream, JUL, native code, the
 * JVM's own messages, and children that inherit the descriptors. The duplicates of the originals
 * and the read ends are closed on {@code exec}, so a child can only write into the pipes.
 *
 * <p>When 1 and 2 lead to the same place (a terminal, {@code 2>&1}), one pipe serves both, so that
 * their lines keep the order they were written in.
 *
 * <p>Installed once per process, never undone. Thread-safe.
 */
final class DescriptorMasking {
  private final List<DescriptorPump> pumps;
  private final String implementation;

  private DescriptorMasking(List<DescriptorPump> pumps, String implementation) {
    this.pumps = pumps;
    this.implementation = implementation;
  }

  /**
   * Names the native calls that put the pipes in place.
   *
   * @return {@link Posix#implementation()}
   */
  String implementation() {
    return implementation;
  }

  /**
   * Replaces descriptors 1 and 2 with pipes and starts the pumps.
   *
   * @param posix the native calls
   * @param redactor the values to mask
   * @return the installed masking
   * @throws IOException when a call fails; the descriptors are then as they were
   */
  static DescriptorMasking install(Posix posix, Redactor redactor) throws IOException {
    boolean shared = sameTarget();
    List<Integer> opened = new ArrayList<>();
    int[] outPipe = null;
    int[] errPipe = null;
    try {
      outPipe = posix.pipe();
      opened.add(outPipe[0]);
      opened.add(outPipe[1]);
      int originalOut = posix.dup(1);
      opened.add(originalOut);
      errPipe = outPipe;
      int originalErr = originalOut;
      if (!shared) {
        errPipe = posix.pipe();
        opened.add(errPipe[0]);
        opened.add(errPipe[1]);
        originalErr = posix.dup(2);
        opened.add(originalErr);
      }
      List<DescriptorPump> pumps = new ArrayList<>();
      pumps.add(start(new DescriptorPump(posix, outPipe[0], originalOut, redactor), "stdout"));
      if (!shared) {
        pumps.add(start(new DescriptorPump(posix, errPipe[0], originalErr, redactor), "stderr"));
      }
      posix.dup2(outPipe[1], 1);
      try {
        posix.dup2(errPipe[1], 2);
      } catch (IOException e) {
        posix.dup2(originalOut, 1); // put stdout back: both or neither
        throw e;
      }
      // Descriptors 1 and 2 now hold the write ends; the pumps see end of file only at exit.
      posix.close(outPipe[1]);
      if (!shared) {
        posix.close(errPipe[1]);
      }
      return new DescriptorMasking(pumps, posix.implementation());
    } catch (IOException | RuntimeException e) {
      for (int fd : opened) {
        closeQuietly(posix, fd);
      }
      throw e;
    }
  }

  private static DescriptorPump start(DescriptorPump pump, String stream) {
    Thread thread = new Thread(pump, "provisioner-output-" + stream);
    thread.setDaemon(true);
    thread.start();
    return pump;
  }

  /** Whether descriptors 1 and 2 refer to the same file, pipe or terminal. */
  private static boolean sameTarget() {
    try {
      Path out = Files.readSymbolicLink(Path.of("/proc/self/fd/1"));
      Path err = Files.readSymbolicLink(Path.of("/proc/self/fd/2"));
      return out.equals(err);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static void closeQuietly(Posix posix, int fd) {
    try {
      posix.close(fd);
    } catch (IOException e) {
      // Already closed on the way.
    }
  }

  /**
   * Writes out what was written before this call, then drops the rest: the final flush at exit.
   *
   * @param deadlineNanos a {@link System#nanoTime()} to give up waiting at
   */
  void finish(long deadlineNanos) {
    for (DescriptorPump pump : pumps) {
      pump.finish(deadlineNanos);
    }
  }
}
