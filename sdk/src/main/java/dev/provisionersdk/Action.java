package dev.provisionersdk;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The deployment action Massdriver asks a provisioner to run, read from {@code
 * MASSDRIVER_DEPLOYMENT_ACTION}.
 *
 * <p>Immutable and thread-safe.
 */
public enum Action {
  /** Show what would change; must not change infrastructure or publish resources. */
  PLAN("plan"),
  /** Create or update infrastructure and publish resources. */
  PROVISION("provision"),
  /** Tear infrastructure down and delete published resources. */
  DECOMMISSION("decommission");

  private final String wireName;

  Action(String wireName) {
    this.wireName = wireName;
  }

  /**
   * Returns the lower-case name the platform uses, e.g. {@code "plan"}.
   *
   * @return the wire name, never {@code null}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Parses the platform's lower-case action name. Matching is exact: {@code "Plan"} is not an
   * action.
   *
   * @param wireName the value of {@code MASSDRIVER_DEPLOYMENT_ACTION}; may be {@code null}
   * @return the action, or empty if the name is not one of {@link #validNames()}
   */
  public static Optional<Action> fromWireName(String wireName) {
    for (Action action : values()) {
      if (action.wireName.equals(wireName)) {
        return Optional.of(action);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the valid wire names, comma separated, for error messages.
   *
   * @return {@code "plan, provision, decommission"}
   */
  public static String validNames() {
    return Arrays.stream(values()).map(Action::wireName).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return wireName.toLowerCase(Locale.ROOT);
  }
}
