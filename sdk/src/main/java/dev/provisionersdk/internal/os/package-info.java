/**
 * Operating-system calls the JDK does not offer (pipes and descriptor duplication, child
 * subreaping, waiting on processes the JDK did not start), reached through the Foreign Function and
 * Memory API on JDK 22 and newer. On older JDKs {@link dev.provisionersdk.internal.os.Posix#load()}
 * finds nothing and callers fall back to what plain Java can do. Internal: not part of the
 * published API.
 */
package dev.provisionersdk.internal.os;
