package dev.provisionersdk.internal.os;

import java.io.IOException;
import java.util.Optional;

/**
 * The few POSIX calls the runtime needs beyond the JDK. Two implementations: {@link JniPosix}, a
 * small JNI library in the SDK jar (Linux x86-64 and AArch64, any JDK 17+, about a millisecond to
 * load), and {@code ForeignPosix}, through the Foreign Function and Memory API (JDK 22+, compiled
 * only by a JDK 22+ build, tens of milliseconds of CPU to link), used where the library cannot be
 * loaded. JDK 17–21 code only ever sees this interface.
 *
 * <p>Calls fail with {@link IOException} carrying the C function's name and {@code errno}.
 * Implementations are stateless and thread-safe.
 */
public interface Posix {
  /** Lowest Java feature version whose runtime can load the FFM implementation. */
  int MINIMUM_FEATURE_VERSION = 22;

  /** The FFM implementation's class; compiled from {@code src/main/java22}. */
  String IMPLEMENTATION = "dev.provisionersdk.internal.os.ForeignPosix";

  /**
   * Finds an implementation for this JVM: the JNI library, else FFM.
   *
   * @return the implementation, or empty when neither loads: not Linux, an architecture other than
   *     x86-64 and AArch64, native access refused ({@code --illegal-native-access=deny} on JDK
   *     24+), or the library cannot be loaded on JDK 17–21
   */
  static Optional<Posix> load() {
    Optional<Posix> library = library();
    return library.isPresent() ? library : foreign();
  }

  /**
   * The JNI library's implementation alone.
   *
   * @return the implementation, or empty when the library cannot be loaded here
   */
  static Optional<Posix> library() {
    return JniPosix.load();
  }

  /**
   * Says why {@link #load()} finds nothing, for the warning the runtime logs then.
   *
   * @return the JNI library's reason, and FFM's
   */
  static String whyUnavailable() {
    String library = JniPosix.loadFailure().orElse("loaded");
    String foreign =
        Runtime.version().feature() < MINIMUM_FEATURE_VERSION
            ? "needs JDK " + MINIMUM_FEATURE_VERSION + "+"
            : "native access refused, or the jar was built by a JDK older than 22";
    return "the JNI library: " + library + "; FFM: " + foreign;
  }

  /**
   * The FFM implementation alone; its one downcall is linked on first use.
   *
   * @return the implementation, or empty on JDK 17–21, on a jar built by a JDK older than 22, on a
   *     platform other than Linux, or when native access is not enabled for the SDK's module
   */
  static Optional<Posix> foreign() {
    if (Runtime.version().feature() < MINIMUM_FEATURE_VERSION
        || LinuxArchitecture.current().isEmpty()) {
      return Optional.empty();
    }
    try {
      Posix posix =
          (Posix)
              Class.forName(IMPLEMENTATION, true, Posix.class.getClassLoader())
                  .getDeclaredConstructor()
                  .newInstance();
      return Optional.of(posix);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      // Not compiled into this jar, or native access refused: plain Java it is.
      return Optional.empty();
    }
  }

  /**
   * Names the implementation, for a debug log line.
   *
   * @return {@code "the JNI library"} or {@code "FFM"}
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
   * Makes this process the reaper of its orphaned descendants ({@code
   * prctl(PR_SET_CHILD_SUBREAPER)}), so a double-forked grandchild is re-parented to it rather than
   * to init.
   *
   * @throws IOException when {@code prctl} fails
   */
  void becomeChildSubreaper() throws IOException;

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
