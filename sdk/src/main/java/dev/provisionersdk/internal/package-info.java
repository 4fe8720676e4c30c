/**
 * The runtime's implementation: input loading, JSON binding, the local runner and the execution of
 * one action. Internal: not part of the published API and may change in any release.
 */
package dev.provisionersdk.internal;
