package dev.provisionersdk.internal.output;

import dev.provisionersdk.internal.os.Posix;
import dev.provisionersdk.internal.redact.RedactingOutputStream;
import dev.provisionersdk.internal.redact.Redactor;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads the pipe that replaced file descriptor 1 or 2 and writes what it reads, masked, to the
 * descriptor the process started with, within 10 ms. Runs on its own daemon thread until the
 * process exits.
 *
 * <p>At exit, {@link #finish} writes out every byte that was in the pipe when it was called, then
 * shuts: from then on the pump keeps reading, so that writers never block, and drops what it reads,
 * because its matching state is gone and a secret split across the final flush would print in two
 * raw halves.
 *
 * <p>Thread-safe.
 */
final class DescriptorPump implements Runnable {
  private static final int BUFFER = 64 * 1024;
  private static final long MIN_IDLE_NANOS = 250_000;
  private static final long MAX_IDLE_NANOS = 10_000_000;

  private final Posix posix;
  private final int readEnd;
  private final RedactingOutputStream masker;
  private final ReentrantLock lock = new ReentrantLock();

  /** Guarded by the lock, like everything below. */
  private final byte[] buffer = new byte[BUFFER];

  /** After the final flush: read and drop. */
  private boolean shut;

  /**
   * Creates a pump.
   *
   * @param posix the native calls
   * @param readEnd the pipe's read end
   * @param original the descriptor the process started with, where masked bytes go
   * @param redactor the values to mask
   */
  DescriptorPump(Posix posix, int readEnd, int original, Redactor redactor) {
    this.posix = posix;
    this.readEnd = readEnd;
    this.masker = new RedactingOutputStream(new Descriptor(posix, original), redactor);
  }

  /**
   * Reads what the pipe holds, under the lock and never more than is there, so a read never blocks
   * and whoever holds the lock knows that no byte is in flight, which {@link #finish} relies on.
   * When the pipe is empty the thread parks, from 0.25 ms doubling up to 10 ms, rather than block
   * in a native call: at exit the JVM waits up to 300 ms for threads that are inside native code.
   */
  @Override
  public void run() {
    long idle = MIN_IDLE_NANOS;
    try {
      while (true) {
        boolean took = false;
        lock.lock();
        try {
          int available = posix.available(readEnd);
          if (available > 0) {
            take(Math.min(available, buffer.length));
            took = true;
          } else if ((posix.poll(readEnd, 0) & Posix.POLLHUP) != 0
              && posix.available(readEnd) == 0) {
            return; // every writer closed the pipe: the process is exiting
          }
        } finally {
          lock.unlock();
        }
        if (took) {
          idle = MIN_IDLE_NANOS;
        } else {
          LockSupport.parkNanos(this, idle);
          idle = Math.min(idle * 2, MAX_IDLE_NANOS);
        }
      }
    } catch (IOException e) {
      // The pipe is gone: nothing more will arrive.
    }
  }

  /**
   * Reads {@code count} bytes, which the pipe holds, and writes them out masked. Under the lock.
   */
  private void take(int count) throws IOException {
    int read = posix.read(readEnd, buffer, 0, count);
    if (!shut && read > 0) {
      try {
        masker.write(buffer, 0, read);
        masker.flush();
      } catch (IOException e) {
        shut = true; // the original descriptor is gone (a closed pipe): drop the rest
      }
    }
  }

  /**
   * The final flush: writes out, masked, everything that is in the pipe when called and what the
   * masker still holds back, then drops whatever comes after.
   *
   * @param deadlineNanos a {@link System#nanoTime()} after which it gives up waiting for the pump
   *     (when the original descriptor blocks it, nothing more can be written anyway)
   */
  void finish(long deadlineNanos) {
    try {
      if (!lock.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      for (int left = posix.available(readEnd); left > 0 && !shut; ) {
        int count = Math.min(left, buffer.length);
        take(count);
        left -= count;
      }
      if (!shut) {
        shut = true;
        masker.release();
      }
    } catch (IOException e) {
      shut = true; // the pipe or the original descriptor is gone
    } finally {
      lock.unlock();
    }
  }

  /** Writes to a descriptor with native calls. */
  private static final class Descriptor extends OutputStream {
    private final Posix posix;
    private final int fd;

    Descriptor(Posix posix, int fd) {
      this.posix = posix;
      this.fd = fd;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      posix.write(fd, bytes, offset, length);
    }
  }
}
