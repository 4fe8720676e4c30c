package dev.provisionersdk.internal.os;

import dev.provisionersdk.ProvisionerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the files a run is given (the input files, the bundle's {@code massdriver.yaml}, schemas
 * and templates) so that a hostile or broken file cannot hang or exhaust the run: only regular
 * files (a named pipe would block the read forever), and at most {@link #MAX_BYTES}. Symbolic links
 * are followed, as Kubernetes mounts files through them.
 *
 * <p>Stateless and thread-safe.
 */
public final class RegularFiles {
  /** The largest file read: 16 MiB, far above anything the platform writes. */
  public static final long MAX_BYTES = 16L * 1024 * 1024;

  private static final String TOO_LARGE_FIX =
      " — the platform never writes an input this large; check what produced the file";

  private RegularFiles() {}

  /**
   * Reads a file.
   *
   * @param path the file
   * @param name its name for messages, e.g. {@code secrets.json} or {@code bundle/massdriver.yaml}
   * @param regularBecause why it must be a regular file, for the message, e.g. {@code the platform
   *     writes each input as a regular file}
   * @return its bytes, or {@code null} when it does not exist
   * @throws ProvisionerException with exit code 2 when it is not a regular file, larger than {@link
   *     #MAX_BYTES} or unreadable; the message names the file, never its content
   */
  public static byte[] read(Path path, String name, String regularBecause) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw unreadable(path, name, e);
    }
    if (!attributes.isRegularFile()) {
      throw ProvisionerException.invalidInput(
          name
              + ": not a regular file ("
              + (attributes.isDirectory() ? "a directory" : "a pipe, socket or device")
              + ") — "
              + regularBecause
              + "; replace "
              + path);
    }
    if (attributes.size() > MAX_BYTES) {
      throw tooLarge(name, attributes.size());
    }
    // Read at most one byte past the limit: the file may have grown since its size was read.
    try (InputStream in = Files.newInputStream(path)) {
      byte[] content = in.readNBytes((int) MAX_BYTES + 1);
      if (content.length > MAX_BYTES) {
        throw tooLarge(name, content.length);
      }
      return content;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw unreadable(path, name, e);
    }
  }

  private static ProvisionerException tooLarge(String name, long size) {
    return ProvisionerException.invalidInput(
        name
            + ": "
            + size
            + " bytes, more than the limit of "
            + MAX_BYTES
            + " (16 MiB)"
            + TOO_LARGE_FIX);
  }

  private static ProvisionerException unreadable(Path path, String name, IOException e) {
    return ProvisionerException.invalidInput(
        name
            + ": cannot be read ("
            + e.getClass().getSimpleName()
            + ") — check that "
            + path
            + " is a readable file");
  }
}
