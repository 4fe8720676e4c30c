/**
 * Execution controls and subprocesses: attempts with timeouts, retries, pauses and cleanup; process
 * trees stopped with SIGTERM then SIGKILL; termination on SIGTERM. Internal: not part of the
 * published API.
 */
package dev.provisionersdk.internal.exec;
