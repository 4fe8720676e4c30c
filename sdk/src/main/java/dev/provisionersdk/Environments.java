package dev.provisionersdk;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which deployment environments a task runs in, by the {@code md-environment} default tag of {@code
 * md_metadata}: {@code request.task("scan", Environments.only("prod"), controls, work)}. Given to
 * {@link Request#task(String, Environments, Controls, Task)} only, so a handler cannot be given an
 * environment filter that would be ignored. The step's {@code config.json} can replace it under
 * {@code execution.tasks.<name>.only} / {@code .except}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Environments {
  private static final Environments ALL = new Environments(Set.of(), Set.of());

  private final Set<String> only;
  private final Set<String> except;

  private Environments(Set<String> only, Set<String> except) {
    this.only = only;
    this.except = except;
  }

  /**
   * Returns the filter that runs a task everywhere, the default.
   *
   * @return every environment
   */
  public static Environments all() {
    return ALL;
  }

  /**
   * Returns a filter that runs a task only in these environments; where the environment is not
   * known (no {@code md-environment} tag, e.g. in a local run without it) the task is skipped.
   *
   * @param environments environment names, at least one
   * @return the filter
   * @throws IllegalArgumentException when no name is given or a name is blank
   */
  public static Environments only(String... environments) {
    return new Environments(names(environments), Set.of());
  }

  /**
   * Returns a filter that skips a task in these environments and runs it everywhere else, including
   * where the environment is not known.
   *
   * @param environments environment names, at least one
   * @return the filter
   * @throws IllegalArgumentException when no name is given or a name is blank
   */
  public static Environments except(String... environments) {
    return new Environments(Set.of(), names(environments));
  }

  /**
   * Returns the environments a task runs in.
   *
   * @return the names; empty when not restricted to some
   */
  public Set<String> only() {
    return only;
  }

  /**
   * Returns the environments a task is skipped in.
   *
   * @return the names; empty for none
   */
  public Set<String> except() {
    return except;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Environments
        && only.equals(((Environments) other).only)
        && except.equals(((Environments) other).except);
  }

  @Override
  public int hashCode() {
    return Objects.hash(only, except);
  }

  @Override
  public String toString() {
    if (!only.isEmpty()) {
      return "only in " + new TreeSet<>(only);
    }
    return except.isEmpty()
        ? "in all environments"
        : "in all environments except " + new TreeSet<>(except);
  }

  private static Set<String> names(String... environments) {
    Objects.requireNonNull(environments, "environments");
    if (environments.length == 0) {
      throw new IllegalArgumentException("name at least one environment");
    }
    for (String environment : environments) {
      if (Objects.requireNonNull(environment, "environment").isBlank()) {
        throw new IllegalArgumentException("an environment name must not be blank");
      }
    }
    return Set.copyOf(Arrays.asList(environments));
  }
}
