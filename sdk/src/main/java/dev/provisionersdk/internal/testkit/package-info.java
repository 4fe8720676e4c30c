/**
 * The one entry of the test kit ({@code provisioner-sdk-testing}) into the implementation: what a
 * test needs to build a {@link dev.provisionersdk.Request} outside the runtime. Used by the test
 * kit only (an architecture test checks it); internal, not part of the published API.
 */
package dev.provisionersdk.internal.testkit;
