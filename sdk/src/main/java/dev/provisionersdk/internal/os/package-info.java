/**
 * Operating-system calls the JDK does not offer (pipes and descriptor duplication, waiting on
 * processes the JDK did not start), reached through a small JNI library in the SDK jar (Linux
 * x86-64 and AArch64, any JDK). Where it does not load {@link
 * dev.provisionersdk.internal.os.Posix#load()} finds nothing and callers fall back to what plain
 * Java can do. Internal: not part of the published API.
 */
package dev.provisionersdk.internal.os;
