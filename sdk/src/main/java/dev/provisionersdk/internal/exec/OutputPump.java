package dev.provisionersdk.internal.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Copies one of a child's output pipes to the provisioner's (masking) stream as it arrives, whole
 * lines at a time so lines of concurrent writers don't interleave, and keeps the last lines for
 * error messages. A partial line is written as soon as the pipe has nothing more to give, so
 * progress output ending in {@code \r} or a prompt still shows promptly. Captures instead of
 * copying when asked.
 *
 * <p>Runs on its own thread; {@link #tail()} and {@link #captured()} are read after it ends.
 */
final class OutputPump implements Runnable {
  static final int TAIL_LINES = 20;
  static final int TAIL_LINE_LIMIT = 500;

  private final InputStream source;
  private final OutputStream target;
  private final boolean capture;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final Deque<String> tail = new ArrayDeque<>();
  private final ByteArrayOutputStream tailLine = new ByteArrayOutputStream();

  OutputPump(InputStream source, OutputStream target, boolean capture) {
    this.source = source;
    this.target = target;
    this.capture = capture;
  }

  @Override
  public void run() {
    byte[] buffer = new byte[8192];
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    try (source) {
      int read;
      while ((read = source.read(buffer)) != -1) {
        if (capture) {
          captured.write(buffer, 0, read);
          continue;
        }
        int lineStart = 0;
        for (int i = 0; i < read; i++) {
          if (buffer[i] == '\n' || buffer[i] == '\r') {
            pending.write(buffer, lineStart, i + 1 - lineStart);
            emit(pending);
            lineStart = i + 1;
          }
        }
        pending.write(buffer, lineStart, read - lineStart);
        if (pending.size() > 0 && source.available() == 0) {
          emit(pending);
        }
      }
      emit(pending);
    } catch (IOException e) {
      // The pipe closed under us (the process was killed): what was read has been written.
    }
  }

  private void emit(ByteArrayOutputStream pending) throws IOException {
    if (pending.size() == 0) {
      return;
    }
    byte[] bytes = pending.toByteArray();
    pending.reset();
    synchronized (target) {
      target.write(bytes);
      target.flush();
    }
    remember(bytes);
  }

  private void remember(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '\n' || b == '\r') {
        endTailLine();
      } else if (tailLine.size() < TAIL_LINE_LIMIT) {
        tailLine.write(b);
      }
    }
  }

  private void endTailLine() {
    if (tailLine.size() > 0) {
      tail.addLast(tailLine.toString(StandardCharsets.UTF_8));
      tailLine.reset();
      if (tail.size() > TAIL_LINES) {
        tail.removeFirst();
      }
    }
  }

  /**
   * Returns the last lines written, unmasked: mask before use.
   *
   * @return up to {@value #TAIL_LINES} lines joined by newlines
   */
  String tail() {
    endTailLine();
    return String.join("\n", tail);
  }

  /**
   * Returns what was captured.
   *
   * @return the bytes as UTF-8 text, empty unless capturing
   */
  String captured() {
    return captured.toString(StandardCharsets.UTF_8);
  }
}
