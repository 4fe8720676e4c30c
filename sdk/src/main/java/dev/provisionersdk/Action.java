package dev.provisionersdk;

import java.util.Locale;

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

  @Override
  public String toString() {
    return wireName.toLowerCase(Locale.ROOT);
  }
}
