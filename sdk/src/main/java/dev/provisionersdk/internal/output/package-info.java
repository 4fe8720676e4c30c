/**
 * Where a run's output goes: the process's standard output and error, masked from the start of the
 * run until the process exits (file descriptors 1 and 2 themselves, through native calls), or the
 * streams a caller passes, masked for one run. Internal: not part of the published API.
 */
package dev.provisionersdk.internal.output;
