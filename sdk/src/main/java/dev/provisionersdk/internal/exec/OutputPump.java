package dev.provisionersdk.internal.exec;

import dev.provisionersdk.internal.redact.RedactingOutputStream;
import dev.provisionersdk.internal.redact.Redactor;
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
 * error messages, masked before they are cut to {@value #TAIL_LINE_LIMIT} bytes (cutting first
 * would leave a secret that straddles the limit unrecognisable, and most of it readable). A partial
 * line is written as soon as the pipe has nothing more to give, so progress output ending in {@code
 * \r} or a prompt still shows promptly. Captures instead of copying when asked.
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

  /** Masks what goes into the tail; {@code null} when no tail is kept. */
  private final RedactingOutputStream maskedTail;

  /**
   * Creates a pump.
   *
   * @param source the child's pipe
   * @param target where its output goes
   * @param capture keep the output instead of copying it
   * @param tailRedactor masks the last lines kept for error messages; {@code null} keeps none
   */
  OutputPump(InputStream source, OutputStream target, boolean capture, Redactor tailRedactor) {
    this.source = source;
    this.target = target;
    this.capture = capture;
    this.maskedTail =
        tailRedactor == null ? null : new RedactingOutputStream(new TailLines(), tailRedactor);
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

  private void remember(byte[] bytes) throws IOException {
    if (maskedTail != null) {
      maskedTail.write(bytes);
    }
  }

  /** Receives the masked output and keeps its last lines, each cut to the limit. */
  private final class TailLines extends OutputStream {
    @Override
    public void write(int b) {
      if (b == '\n' || b == '\r') {
        endTailLine();
      } else if (tailLine.size() < TAIL_LINE_LIMIT) {
        tailLine.write(b);
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        write(bytes[i]);
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
   * Returns the last lines written, masked with the secrets known as they were written (mask again
   * for any registered later).
   *
   * @return up to {@value #TAIL_LINES} lines joined by newlines
   */
  String tail() {
    try {
      if (maskedTail != null) {
        maskedTail.release();
      }
    } catch (IOException e) {
      throw new IllegalStateException("unreachable: the tail is kept in memory", e);
    }
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
