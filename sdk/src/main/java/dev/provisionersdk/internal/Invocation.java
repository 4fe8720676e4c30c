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
  private final boolean local;

  /**
   * Creates the invocation of a container run.
   *
   * @param inputDirectory the directory laid out like {@code /massdriver}
   * @param environment the environment the deployment context is read from; copied
   */
  public Invocation(Path inputDirectory, Map<String, String> environment) {
    this(inputDirectory, environment, false);
  }

  /**
   * Creates an invocation.
   *
   * @param inputDirectory the directory laid out like {@code /massdriver}
   * @param environment the environment the deployment context is read from; copied
   * @param local whether the local runner built it from a command line
   */
  public Invocation(Path inputDirectory, Map<String, String> environment, boolean local) {
    this.inputDirectory = Objects.requireNonNull(inputDirectory, "inputDirectory");
    this.environment = Map.copyOf(environment);
    this.local = local;
  }

  /**
   * Returns whether the local runner built this invocation; resource calls of a local run are only
   * logged unless its environment sets {@code MASSDRIVER_URL}.
   *
   * @return {@code true} for a local run
   */
  public boolean local() {
    return local;
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
