package dev.provisionersdk.internal.output;

import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Points the {@code java.util.logging} console handlers that already exist at the current {@code
 * System.err}: a {@link ConsoleHandler} keeps the stream of the moment it was created, so a JUL
 * logger used before the run (a static logger in {@code main}) would print past the masking stream.
 * Each is replaced by a new one, created now, with the same level, formatter, filter and encoding.
 *
 * <p>Stateless; callers serialise calls.
 */
final class JulConsole {
  private JulConsole() {}

  /**
   * Replaces every console handler of every logger.
   *
   * @return puts the original handlers back
   */
  static Runnable rebind() {
    LogManager manager = LogManager.getLogManager();
    List<Runnable> undo = new ArrayList<>();
    for (String name : Collections.list(manager.getLoggerNames())) {
      Logger logger = manager.getLogger(name);
      if (logger == null) {
        continue;
      }
      for (Handler handler : logger.getHandlers()) {
        if (handler instanceof ConsoleHandler) {
          Handler replacement = copy(handler);
          logger.removeHandler(handler);
          logger.addHandler(replacement);
          undo.add(
              () -> {
                logger.removeHandler(replacement);
                logger.addHandler(handler);
                replacement.close();
              });
        }
      }
    }
    return () -> undo.forEach(Runnable::run);
  }

  private static Handler copy(Handler original) {
    ConsoleHandler replacement = new ConsoleHandler(); // takes System.err as it is now
    replacement.setLevel(original.getLevel());
    replacement.setFormatter(original.getFormatter());
    replacement.setFilter(original.getFilter());
    replacement.setErrorManager(original.getErrorManager());
    try {
      replacement.setEncoding(original.getEncoding());
    } catch (UnsupportedEncodingException e) {
      // The original's encoding works, so this cannot happen; the default encoding stays.
    }
    return replacement;
  }
}
