package dev.provisionersdk.internal.os;

import java.io.IOException;
import java.util.Optional;

/**
 * The few POSIX calls the runtime needs beyond the JDK, through {@link JniPosix}: a small JNI
 * library in the SDK jar (Linux x86-64 and AArch64, any JDK 17+, about a millisecond to load).
 * Where it cannot load, the runtime goes on in plain Java (the Java streams masked, no reaping).
 *
 * <p>Calls fail with {@link IOException} carrying the C function's name and {@code errno}.
 * Implementations are stateless and thread-safe.
 */
public interface Posix {
  /**
   * Loads the JNI library, once per class loader.
   *
   * @return the implementation, or empty when it does not load: not Linux, an architecture other
   *     than x86-64 and AArch64, native access refused ({@code --illegal-native-access=deny} on JDK
   *     24+), or the library cannot be loaded (outside an image: a read-only or {@code noexec}
   *     {@code java.io.tmpdir})
   */
  static Optional<Posix> load() {
    return JniPosix.load();
  }

  /**
   * Says why {@link #load()} finds nothing, for the warning the runtime logs then.
   *
   * @return the JNI library's reason, or {@code "loaded"}
   */
  static String whyUnavailable() {
    return "the JNI library: " + JniPosix.loadFailure().orElse("loaded");
  }

  /**
   * Names the implementation, for a debug log line.
   *
   * @return {@code "the JNI library"}
   */
  String implementation();

  /**
   * Returns the calling process's id.
   *
   * @return {@code getpid()}
   */
  long pid();

  /**
   * Creates a pipe whose both ends are closed on {@code exec}.
   *
   * @return the read end and the write end, in that order
   * @throws IOException when {@code pipe2} fails
   */
  int[] pipe() throws IOException;

  /**
   * Duplicates a descriptor onto the lowest free number, closed on {@code exec}.
   *
   * @param fd an open descriptor
   * @return the new descriptor
   * @throws IOException when {@code fcntl(F_DUPFD_CLOEXEC)} fails
   */
  int dup(int fd) throws IOException;

  /**
   * Makes {@code target} refer to what {@code source} refers to, closing {@code target} first.
   *
   * @param source an open descriptor
   * @param target the descriptor to replace, e.g. 1 for standard output
   * @throws IOException when {@code dup2} fails
   */
  void dup2(int source, int target) throws IOException;

  /**
   * Closes a descriptor.
   *
   * @param fd the descriptor
   * @throws IOException when {@code close} fails
   */
  void close(int fd) throws IOException;

  /**
   * Reads into a byte array, retrying on {@code EINTR}.
   *
   * @param fd the descriptor
   * @param buffer where the bytes go
   * @param offset the first index to fill
   * @param length at most this many bytes
   * @return the number of bytes read, 0 at end of file
   * @throws IOException when {@code read} fails
   */
  int read(int fd, byte[] buffer, int offset, int length) throws IOException;

  /**
   * Writes all of a byte range, retrying on {@code EINTR} and short writes.
   *
   * @param fd the descriptor
   * @param buffer the bytes
   * @param offset the first index to write
   * @param length how many bytes
   * @throws IOException when {@code write} fails
   */
  void write(int fd, byte[] buffer, int offset, int length) throws IOException;

  /** {@link #poll} result bit: there is data to read. */
  int POLLIN = 0x1;

  /** {@link #poll} result bit: every write end is closed. */
  int POLLHUP = 0x10;

  /**
   * Waits until a descriptor can be read, retrying on {@code EINTR}.
   *
   * @param fd the descriptor
   * @param timeoutMillis how long to wait at most; -1 for no limit
   * @return the events that occurred ({@link #POLLIN}, {@link #POLLHUP}, ...); 0 on timeout
   * @throws IOException when {@code poll} fails
   */
  int poll(int fd, int timeoutMillis) throws IOException;

  /**
   * Returns how many bytes can be read from a pipe without blocking.
   *
   * @param fd the read end of a pipe
   * @return {@code ioctl(FIONREAD)}
   * @throws IOException when {@code ioctl} fails
   */
  int available(int fd) throws IOException;

  /**
   * Sends a signal.
   *
   * @param pid a process id, or minus a process group id
   * @param signal the signal number, e.g. 15 for SIGTERM
   * @return {@code false} when there is no such process ({@code ESRCH})
   * @throws IOException when {@code kill} fails otherwise
   */
  boolean kill(long pid, int signal) throws IOException;

  /**
   * Reaps a child that has exited, without blocking.
   *
   * @param pid the child's id
   * @return {@code true} when it had exited and is now reaped; {@code false} when it still runs or
   *     is not a child of this process
   */
  boolean reapIfExited(long pid);
}
