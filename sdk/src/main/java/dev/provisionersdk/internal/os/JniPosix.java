package dev.provisionersdk.internal.os;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link Posix} through a small JNI library ({@code src/main/native/posix.c}) that the SDK jar
 * carries for Linux on x86-64 and AArch64. Works on every JDK the SDK supports (17+), and loading
 * it costs about a millisecond (docs/redaction.md "Start-up, before and after").
 *
 * <p>In an image the library is a file of the image ({@code /app/native}, named by {@value
 * #DIRECTORY_PROPERTY}), loaded in place. Elsewhere (a local run, the test kit) it is copied from
 * the jar to a private temporary file (owner-only, in {@code java.io.tmpdir}), loaded, and the file
 * deleted at once: the loaded library stays mapped. Where that cannot work (a read-only or {@code
 * noexec} temporary directory, another architecture, native access refused by {@code
 * --illegal-native-access=deny} on JDK 24+) {@link #load()} finds nothing and the runtime goes on
 * in plain Java. A JVM started without {@code --enable-native-access} that permits the load (JDK 24
 * and 25 by default) prints one warning of its own, and the library loads.
 *
 * <p>Stateless and thread-safe; the library is loaded at most once per class loader.
 */
final class JniPosix implements Posix {
  /** The library's name inside the jar, next to this class, per architecture. */
  static final String LIBRARY = "libprovisionersdk-posix.so";

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(
          EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

  /** Loaded once, when this class initialises: the JVM's class initialisation is the guard. */
  private static final Optional<String> LOAD_FAILURE = loadLibrary();

  private JniPosix() {}

  /**
   * Loads the library, once per class loader.
   *
   * @return the implementation, or empty when the library cannot be loaded here
   */
  static Optional<Posix> load() {
    return LOAD_FAILURE.isEmpty() ? Optional.of(new JniPosix()) : Optional.empty();
  }

  /**
   * Why the library did not load, for diagnostics.
   *
   * @return the reason, or empty when it loaded
   */
  static Optional<String> loadFailure() {
    return LOAD_FAILURE;
  }

  /**
   * The system property naming a directory that holds the library as {@code
   * linux-<arch>/libprovisionersdk-posix.so}: images built from the SDK's Maven settings carry it
   * at {@code /app/native}, and their {@code entrypoint.sh} sets this, so that a run loads it in
   * place and writes nothing at start-up (a read-only root file system, no writable {@code /tmp}).
   */
  static final String DIRECTORY_PROPERTY = "provisionersdk.native.directory";

  /**
   * Loads the library from {@link #DIRECTORY_PROPERTY} when that holds it, else copies it out of
   * the jar and loads the copy; returns why not, or empty on success.
   */
  private static Optional<String> loadLibrary() {
    Optional<String> arch = LinuxArchitecture.current();
    if (arch.isEmpty()) {
      return Optional.of(
          "no library for "
              + System.getProperty("os.name")
              + " on "
              + System.getProperty("os.arch"));
    }
    // No check of native access first: where the JVM permits System.load without
    // --enable-native-access (JDK 17-23 always; JDK 24+ by default, with one warning line of its
    // own) the library loads, because skipping it would leave the descriptors unmasked; only
    // where the JVM refuses it (--illegal-native-access=deny) does load() find nothing.
    String resource = "linux-" + arch.get() + "/" + LIBRARY;
    String directory = System.getProperty(DIRECTORY_PROPERTY, "");
    Path inPlace = directory.isEmpty() ? null : Path.of(directory, resource);
    if (inPlace != null && Files.isRegularFile(inPlace)) {
      try {
        System.load(inPlace.toAbsolutePath().toString());
        return Optional.empty();
      } catch (UnsatisfiedLinkError | RuntimeException e) {
        // A library of another build, say: the jar's own copy is the one that matches.
      }
    }
    try (InputStream library = JniPosix.class.getResourceAsStream(resource)) {
      if (library == null) {
        return Optional.of("the jar has no " + resource);
      }
      Path copy = privateCopy(library);
      try {
        System.load(copy.toAbsolutePath().toString());
      } finally {
        Files.deleteIfExists(copy);
      }
      return Optional.empty();
    } catch (IOException | UnsatisfiedLinkError | RuntimeException e) {
      return Optional.of(e.toString());
    }
  }

  /**
   * Writes the library to a new owner-only file in {@code java.io.tmpdir}. Not {@code
   * Files.createTempFile}: its random names initialise {@code SecureRandom}, milliseconds of
   * start-up for nothing here, since {@code CREATE_NEW} refuses an existing file or link either
   * way.
   */
  private static Path privateCopy(InputStream library) throws IOException {
    Path directory = Path.of(System.getProperty("java.io.tmpdir"));
    String name = "provisioner-sdk-posix-" + ProcessHandle.current().pid() + "-";
    for (int attempt = 0; ; attempt++) {
      Path copy = directory.resolve(name + System.nanoTime() + ".so");
      try (OutputStream out =
          Channels.newOutputStream(
              Files.newByteChannel(
                  copy,
                  EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                  OWNER_ONLY))) {
        library.transferTo(out);
        return copy;
      } catch (FileAlreadyExistsException e) {
        if (attempt == 9) {
          throw e;
        }
      }
    }
  }

  @Override
  public String implementation() {
    return "the JNI library";
  }

  @Override
  public long pid() {
    return pid0();
  }

  @Override
  public int[] pipe() throws IOException {
    return pipe0();
  }

  @Override
  public int dup(int fd) throws IOException {
    return dup0(fd);
  }

  @Override
  public void dup2(int source, int target) throws IOException {
    dup20(source, target);
  }

  @Override
  public void close(int fd) throws IOException {
    close0(fd);
  }

  @Override
  public int read(int fd, byte[] buffer, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    return read0(fd, buffer, offset, length);
  }

  @Override
  public void write(int fd, byte[] buffer, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    write0(fd, buffer, offset, length);
  }

  @Override
  public int poll(int fd, int timeoutMillis) throws IOException {
    return poll0(fd, timeoutMillis);
  }

  @Override
  public int available(int fd) throws IOException {
    return available0(fd);
  }

  @Override
  public boolean kill(long pid, int signal) throws IOException {
    return kill0(Math.toIntExact(pid), signal);
  }

  @Override
  public boolean reapIfExited(long pid) {
    return reapIfExited0(Math.toIntExact(pid));
  }

  private static native long pid0();

  private static native int[] pipe0() throws IOException;

  private static native int dup0(int fd) throws IOException;

  private static native void dup20(int source, int target) throws IOException;

  private static native void close0(int fd) throws IOException;

  private static native int read0(int fd, byte[] buffer, int offset, int length) throws IOException;

  private static native void write0(int fd, byte[] buffer, int offset, int length)
      throws IOException;

  private static native int poll0(int fd, int timeoutMillis) throws IOException;

  private static native int available0(int fd) throws IOException;

  private static native boolean kill0(long pid, int signal) throws IOException;

  private static native boolean reapIfExited0(long pid);
}
