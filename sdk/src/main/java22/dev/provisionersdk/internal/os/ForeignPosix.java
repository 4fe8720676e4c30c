package dev.provisionersdk.internal.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * {@link Posix} through the Foreign Function and Memory API, for Linux on x86-64 and AArch64.
 * Loaded reflectively by {@link Posix#foreign()} on JDK 22+ only; {@link Posix#load()} uses it
 * where the JNI library cannot be loaded.
 *
 * <p><b>One downcall.</b> Every call goes through C's {@code syscall(2)} with the system call's
 * number: linking a downcall costs tens of milliseconds of start-up the first time and several more
 * for each further function signature, so one signature for everything keeps the FFM set-up (which
 * the runtime waits for before a handler runs) to a single link. The numbers differ between the two
 * architectures; every other constant used here is the same on both.
 *
 * <p>Thread-safe: the downcall is linked on the first call; each call allocates its scratch memory
 * in its own confined arena.
 */
final class ForeignPosix implements Posix {
  private static final int O_CLOEXEC = 0x80000;
  private static final int F_GETFD = 1;
  private static final int F_DUPFD_CLOEXEC = 1030;
  private static final long FIONREAD = 0x541B;
  private static final int PR_SET_CHILD_SUBREAPER = 36;
  private static final int WNOHANG = 1;
  private static final int EINTR = 4;
  private static final int ESRCH = 3;

  /** System call numbers: x86-64 ({@code asm/unistd_64.h}), AArch64 ({@code asm-generic}). */
  private record Numbers(
      long read,
      long write,
      long close,
      long ioctl,
      long getpid,
      long wait4,
      long kill,
      long fcntl,
      long prctl,
      long ppoll,
      long dup3,
      long pipe2) {}

  private static final Numbers X86_64 =
      new Numbers(0, 1, 3, 16, 39, 61, 62, 72, 157, 271, 292, 293);
  private static final Numbers AARCH64 =
      new Numbers(63, 64, 57, 29, 172, 260, 129, 25, 167, 73, 24, 59);

  private final Numbers nr;
  private final StructLayout callState = Linker.Option.captureStateLayout();
  private final VarHandle errno =
      callState.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private volatile MethodHandle syscall;

  /**
   * Picks the system call numbers; links nothing yet.
   *
   * @throws IllegalCallerException when native access is not enabled for this code, so that {@link
   *     Posix#load()} finds no implementation rather than one whose calls print the JVM's warning
   *     or fail
   * @throws UnsupportedOperationException on an architecture other than x86-64 and AArch64
   */
  ForeignPosix() {
    NativeAccessCheck.requireNativeAccess();
    nr =
        switch (LinuxArchitecture.current().orElse("")) {
          case "x86_64" -> X86_64;
          case "aarch64" -> AARCH64;
          default ->
              throw new UnsupportedOperationException(
                  "no system call numbers for " + System.getProperty("os.arch"));
        };
  }

  /** {@code long syscall(long number, ...)} with five arguments, errno captured. */
  private MethodHandle syscall() {
    MethodHandle linked = syscall;
    if (linked == null) {
      Linker linker = Linker.nativeLinker();
      ValueLayout.OfLong word = ValueLayout.JAVA_LONG;
      linked =
          linker.downcallHandle(
              linker
                  .defaultLookup()
                  .find("syscall")
                  .orElseThrow(() -> new UnsatisfiedLinkError("no C function syscall")),
              FunctionDescriptor.of(word, word, word, word, word, word, word),
              Linker.Option.captureCallState("errno"),
              Linker.Option.firstVariadicArg(1));
      syscall = linked; // racing threads link it twice at worst
    }
    return linked;
  }

  /** Makes one system call; the result is -1 with errno in {@code state} on failure. */
  private long call(MemorySegment state, long number, long a, long b, long c, long d, long e)
      throws Throwable {
    return (long) syscall().invokeExact(state, number, a, b, c, d, e);
  }

  /** Makes a system call, retrying on {@code EINTR}; fails with the name and errno otherwise. */
  private long retrying(String name, long number, long a, long b, long c) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      while (true) {
        long result = call(state, number, a, b, c, 0, 0);
        if (result >= 0 || errno(state) != EINTR) {
          check(name, result, state);
          return result;
        }
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  @Override
  public String implementation() {
    return "FFM";
  }

  @Override
  public long pid() {
    try (Arena arena = Arena.ofConfined()) {
      return call(arena.allocate(callState), nr.getpid(), 0, 0, 0, 0, 0);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  @Override
  public int[] pipe() throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
      long result = call(state, nr.pipe2(), fds.address(), O_CLOEXEC, 0, 0, 0);
      check("pipe2", result, state);
      return new int[] {
        fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)
      };
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  @Override
  public int dup(int fd) throws IOException {
    return (int) retrying("fcntl(F_DUPFD_CLOEXEC)", nr.fcntl(), fd, F_DUPFD_CLOEXEC, 0);
  }

  @Override
  public void dup2(int source, int target) throws IOException {
    if (source == target) {
      retrying("dup2", nr.fcntl(), source, F_GETFD, 0); // dup2's check that source is open
      return;
    }
    retrying("dup2", nr.dup3(), source, target, 0); // AArch64 has dup3 only
  }

  @Override
  public void close(int fd) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      long result = call(state, nr.close(), fd, 0, 0, 0, 0);
      // Linux releases the descriptor even when close reports EINTR: never retry.
      if (result < 0 && errno(state) != EINTR) {
        check("close", result, state);
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  @Override
  public int read(int fd, byte[] buffer, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment native_ = arena.allocate(Math.max(1, length));
      long result = retrying("read", nr.read(), fd, native_.address(), length);
      MemorySegment.copy(native_, ValueLayout.JAVA_BYTE, 0, buffer, offset, (int) result);
      return (int) result;
    }
  }

  @Override
  public void write(int fd, byte[] buffer, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment native_ = arena.allocate(Math.max(1, length));
      MemorySegment.copy(buffer, offset, native_, ValueLayout.JAVA_BYTE, 0, length);
      long written = 0;
      while (written < length) {
        written += retrying("write", nr.write(), fd, native_.address() + written, length - written);
      }
    }
  }

  @Override
  public int poll(int fd, int timeoutMillis) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      // struct pollfd { int fd; short events; short revents; }
      MemorySegment pollfd = arena.allocate(8, 4);
      pollfd.set(ValueLayout.JAVA_INT, 0, fd);
      pollfd.set(ValueLayout.JAVA_SHORT, 4, (short) POLLIN);
      // ppoll takes a struct timespec { long tv_sec; long tv_nsec; }, NULL for no limit.
      long timeout = 0;
      if (timeoutMillis >= 0) {
        MemorySegment timespec = arena.allocate(16, 8);
        timespec.set(ValueLayout.JAVA_LONG, 0, timeoutMillis / 1000);
        timespec.set(ValueLayout.JAVA_LONG, 8, (timeoutMillis % 1000) * 1_000_000L);
        timeout = timespec.address();
      }
      long ready = retrying("ppoll", nr.ppoll(), pollfd.address(), 1, timeout);
      return ready == 0 ? 0 : pollfd.get(ValueLayout.JAVA_SHORT, 6) & 0xffff;
    }
  }

  @Override
  public int available(int fd) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
      retrying("ioctl(FIONREAD)", nr.ioctl(), fd, FIONREAD, count.address());
      return count.get(ValueLayout.JAVA_INT, 0);
    }
  }

  @Override
  public void becomeChildSubreaper() throws IOException {
    retrying("prctl(PR_SET_CHILD_SUBREAPER)", nr.prctl(), PR_SET_CHILD_SUBREAPER, 1, 0);
  }

  @Override
  public boolean kill(long pid, int signal) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      long result = call(state, nr.kill(), Math.toIntExact(pid), signal, 0, 0, 0);
      if (result < 0 && errno(state) == ESRCH) {
        return false;
      }
      check("kill", result, state);
      return true;
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  @Override
  public boolean reapIfExited(long pid) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      // waitpid(pid, NULL, WNOHANG) is wait4(pid, NULL, WNOHANG, NULL).
      long result = call(state, nr.wait4(), Math.toIntExact(pid), 0, WNOHANG, 0, 0);
      return result == pid;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  private int errno(MemorySegment state) {
    return (int) errno.get(state, 0L);
  }

  private void check(String function, long result, MemorySegment state) throws IOException {
    if (result < 0) {
      throw new IOException(function + " failed: errno " + errno(state));
    }
  }

  private static IllegalStateException unexpected(Throwable failure) {
    if (failure instanceof Error error) {
      throw error;
    }
    return new IllegalStateException("native call failed", failure);
  }
}
