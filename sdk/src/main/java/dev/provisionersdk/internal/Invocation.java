package dev.provisionersdk.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where one run reads its inputs and what environment it sees: the real ones in a container, a
 * faked pair for a local run. Not a record: the environment holds the raw token, and {@link
 * #toString()} must not show it.
 *
 * <p>Immutable and thread-safe.
 */
public final class Invocation {
  private final Path inputDirectory;
  private final Map<String, String> environment;

  /**
   * Creates an invocation.
   *
   * @param inputDirectory the directory laid out like {@code /massdriver}
   * @param environment the environment the deployment context is read from; copied
   */
  public Invocation(Path inputDirectory, Map<String, String> environment) {
    this.inputDirectory = Objects.requireNonNull(inputDirectory, "inputDirectory");
    this.environment = Map.copyOf(environment);
  }

  /**
   * Returns the input directory.
   *
   * @return the directory laid out like {@code /massdriver}
   */
  public Path inputDirectory() {
    return inputDirectory;
  }

  /**
   * Returns the environment.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> environment() {
    return environment;
  }

  @Override
  public String toString() {
    return "Invocation[inputs=" + inputDirectory + "]";
  }
}
