/**
 * The published API for writing a Massdriver custom provisioner: the handler interfaces ({@link
 * dev.provisionersdk.PlanHandler}, {@link dev.provisionersdk.ProvisionHandler}, {@link
 * dev.provisionersdk.DecommissionHandler}), the {@link dev.provisionersdk.Request} they receive,
 * and the values it carries.
 *
 * <p>Handlers are wired and run by {@code dev.provisionersdk.runtime.Provisioner}. Packages named
 * {@code internal} are implementation details and may change in any release.
 */
package dev.provisionersdk;
