package dev.provisionersdk.internal.output;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes bytes on until {@link #shut()}, then drops them: after the final flush at exit, a masking
 * stream's state is gone, and a secret split across that flush would otherwise print in two raw
 * halves.
 *
 * <p>Thread-safe.
 */
final class FinalGate extends OutputStream {
  private final OutputStream target;
  private boolean shut;

  FinalGate(OutputStream target) {
    this.target = target;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    if (!shut) {
      target.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    if (!shut) {
      target.write(bytes, offset, length);
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    if (!shut) {
      target.flush();
    }
  }

  /** Drops everything written from now on. */
  synchronized void shut() {
    shut = true;
  }
}
