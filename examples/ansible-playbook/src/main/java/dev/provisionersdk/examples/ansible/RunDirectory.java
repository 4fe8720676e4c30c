package dev.provisionersdk.examples.ansible;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private temporary directory for one run (mode 0700, files 0600, created with those modes so
 * they are never readable by others, not even for a moment), removed with everything in it by
 * {@link #close()}. It holds what must not reach argv or the bundle: the extra-vars file with the
 * secrets, an SSH key, Ansible's local temporary files, the summary callback's output.
 *
 * <p>Thread-safe: {@link #close()} may run on the handler's thread and on the cleanup's at once.
 */
final class RunDirectory implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);
  private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIRECTORY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private final Path root;
  private final Set<RunDirectory> open;

  private RunDirectory(Path root, Set<RunDirectory> open) {
    this.root = root;
    this.open = open;
  }

  /**
   * Creates the directory under the JVM's temporary directory ({@code java.io.tmpdir}).
   *
   * @param open a thread-safe set the directory is in until it is closed
   * @return the directory
   * @throws IOException when it cannot be created
   */
  static RunDirectory create(Set<RunDirectory> open) throws IOException {
    RunDirectory directory =
        new RunDirectory(
            Files.createTempDirectory("ansible-provisioner-", PRIVATE_DIRECTORY), open);
    open.add(directory);
    return directory;
  }

  /**
   * Returns the directory.
   *
   * @return its path
   */
  Path path() {
    return root;
  }

  /**
   * Writes a file readable by the owner only.
   *
   * @param name the file's name
   * @param content its content, UTF-8
   * @return its path
   * @throws IOException when it cannot be written
   */
  Path writePrivate(String name, String content) throws IOException {
    Path file = Files.createFile(root.resolve(name), PRIVATE_FILE);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  /**
   * Creates a subdirectory accessible by the owner only.
   *
   * @param name its name
   * @return its path
   * @throws IOException when it cannot be created
   */
  Path directory(String name) throws IOException {
    return Files.createDirectory(root.resolve(name), PRIVATE_DIRECTORY);
  }

  /**
   * Removes the directory and everything in it; a failure is logged, never thrown. Closing twice is
   * harmless.
   */
  @Override
  public synchronized void close() {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path path : paths) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not remove the private directory {}: {}", root, e.getMessage());
    } finally {
      open.remove(this);
    }
  }
}
