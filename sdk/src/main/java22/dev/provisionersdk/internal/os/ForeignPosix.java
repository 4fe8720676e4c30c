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

/**
 * {@link Posix} through the Foreign Function and Memory API, for Linux (x86-64 and AArch64 share
 * every constant used here). Loaded reflectively by {@link Posix#load()} on JDK 22+ only.
 *
 * <p>Stateless and thread-safe: each call allocates its scratch memory in its own confined arena.
 */
final class ForeignPosix implements Posix {
  private static final int O_CLOEXEC = 0x80000;
  private static final int F_DUPFD_CLOEXEC = 1030;
  private static final long FIONREAD = 0x541B;
  private static final int PR_SET_CHILD_SUBREAPER = 36;
  private static final int WNOHANG = 1;
  private static final int EINTR = 4;
  private static final int ESRCH = 3;

  private final StructLayout callState = Linker.Option.captureStateLayout();
  private final VarHandle errno =
      callState.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private final MethodHandle getpid;
  private final MethodHandle pipe2;
  private final MethodHandle fcntl;
  private final MethodHandle dup2;
  private final MethodHandle close;
  private final MethodHandle read;
  private final MethodHandle write;
  private final MethodHandle ioctl;
  private final MethodHandle poll;
  private final MethodHandle prctl;
  private final MethodHandle kill;
  private final MethodHandle waitpid;

  ForeignPosix() {
    Linker linker = Linker.nativeLinker();
    ValueLayout.OfInt cInt = ValueLayout.JAVA_INT;
    ValueLayout.OfLong cLong = ValueLayout.JAVA_LONG;
    ValueLayout address = ValueLayout.ADDRESS;
    getpid = function(linker, "getpid", FunctionDescriptor.of(cInt), false);
    pipe2 = function(linker, "pipe2", FunctionDescriptor.of(cInt, address, cInt), true);
    fcntl =
        function(
            linker, "fcntl", FunctionDescriptor.of(cInt, cInt, cInt, cInt), true, 2 /* varargs */);
    dup2 = function(linker, "dup2", FunctionDescriptor.of(cInt, cInt, cInt), true);
    close = function(linker, "close", FunctionDescriptor.of(cInt, cInt), true);
    read = function(linker, "read", FunctionDescriptor.of(cLong, cInt, address, cLong), true);
    write = function(linker, "write", FunctionDescriptor.of(cLong, cInt, address, cLong), true);
    poll = function(linker, "poll", FunctionDescriptor.of(cInt, address, cLong, cInt), true);
    ioctl =
        function(
            linker,
            "ioctl",
            FunctionDescriptor.of(cInt, cInt, cLong, address),
            true,
            2 /* varargs */);
    prctl =
        function(
            linker,
            "prctl",
            FunctionDescriptor.of(cInt, cInt, cLong, cLong, cLong, cLong),
            true,
            1 /* varargs */);
    kill = function(linker, "kill", FunctionDescriptor.of(cInt, cInt, cInt), true);
    waitpid = function(linker, "waitpid", FunctionDescriptor.of(cInt, cInt, address, cInt), true);
  }

  private MethodHandle function(
      Linker linker, String name, FunctionDescriptor descriptor, boolean errno) {
    return function(linker, name, descriptor, errno, -1);
  }

  private MethodHandle function(
      Linker linker,
      String name,
      FunctionDescriptor descriptor,
      boolean captureErrno,
      int firstVariadicArgument) {
    MemorySegment symbol =
        linker
            .defaultLookup()
            .find(name)
            .orElseThrow(() -> new UnsatisfiedLinkError("no C function " + name));
    java.util.List<Linker.Option> options = new java.util.ArrayList<>();
    if (captureErrno) {
      options.add(Linker.Option.captureCallState("errno"));
    }
    if (firstVariadicArgument >= 0) {
      options.add(Linker.Option.firstVariadicArg(firstVariadicArgument));
    }
    return linker.downcallHandle(symbol, descriptor, options.toArray(Linker.Option[]::new));
  }

  @Override
  public long pid() {
    try {
      return (int) getpid.invokeExact();
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  @Override
  public int[] pipe() throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
      int result = (int) pipe2.invokeExact(state, fds, O_CLOEXEC);
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
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      int result = (int) fcntl.invokeExact(state, fd, F_DUPFD_CLOEXEC, 0);
      check("fcntl(F_DUPFD_CLOEXEC)", result, state);
      return result;
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  @Override
  public void dup2(int source, int target) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      while (true) {
        MemorySegment state = arena.allocate(callState);
        int result = (int) dup2.invokeExact(state, source, target);
        if (result >= 0 || errno(state) != EINTR) {
          check("dup2", result, state);
          return;
        }
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  @Override
  public void close(int fd) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      int result = (int) close.invokeExact(state, fd);
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
    java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      MemorySegment native_ = arena.allocate(Math.max(1, length));
      while (true) {
        long result = (long) read.invokeExact(state, fd, native_, (long) length);
        if (result >= 0) {
          MemorySegment.copy(native_, ValueLayout.JAVA_BYTE, 0, buffer, offset, (int) result);
          return (int) result;
        }
        if (errno(state) != EINTR) {
          check("read", -1, state);
        }
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  @Override
  public void write(int fd, byte[] buffer, int offset, int length) throws IOException {
    java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      MemorySegment native_ = arena.allocate(Math.max(1, length));
      MemorySegment.copy(buffer, offset, native_, ValueLayout.JAVA_BYTE, 0, length);
      long written = 0;
      while (written < length) {
        long result =
            (long) write.invokeExact(state, fd, native_.asSlice(written), (long) length - written);
        if (result >= 0) {
          written += result;
        } else if (errno(state) != EINTR) {
          check("write", -1, state);
        }
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  @Override
  public int poll(int fd, int timeoutMillis) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      // struct pollfd { int fd; short events; short revents; }
      MemorySegment pollfd = arena.allocate(8, 4);
      pollfd.set(ValueLayout.JAVA_INT, 0, fd);
      pollfd.set(ValueLayout.JAVA_SHORT, 4, (short) POLLIN);
      while (true) {
        pollfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        int result = (int) poll.invokeExact(state, pollfd, 1L, timeoutMillis);
        if (result >= 0) {
          return result == 0 ? 0 : pollfd.get(ValueLayout.JAVA_SHORT, 6) & 0xffff;
        }
        if (errno(state) != EINTR) {
          check("poll", result, state);
        }
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  @Override
  public int available(int fd) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
      int result = (int) ioctl.invokeExact(state, fd, FIONREAD, count);
      check("ioctl(FIONREAD)", result, state);
      return count.get(ValueLayout.JAVA_INT, 0);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  @Override
  public void becomeChildSubreaper() throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      int result = (int) prctl.invokeExact(state, PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L);
      check("prctl(PR_SET_CHILD_SUBREAPER)", result, state);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  @Override
  public boolean kill(long pid, int signal) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      int result = (int) kill.invokeExact(state, Math.toIntExact(pid), signal);
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
      int result =
          (int) waitpid.invokeExact(state, Math.toIntExact(pid), MemorySegment.NULL, WNOHANG);
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
