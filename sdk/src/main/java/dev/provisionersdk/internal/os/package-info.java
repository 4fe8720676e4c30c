/**
 * Operating-system calls the JDK does not offer (pipes and descriptor duplication, child
 * subreaping, waiting on processes the JDK did not start), reached through a small JNI library in
 * the SDK jar (Linux x86-64 and AArch64, any JDK) or else the Foreign Function and Memory API (JDK
 * 22+). Where neither works {@link dev.provisionersdk.internal.os.Posix#load()} finds nothing and
 * callers fall back to what plain Java can do. Internal: not part of the published API.
 */
package dev.provisionersdk.internal.os;
