package dev.provisionersdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs a test's {@code main} class in a JVM of its own and reports the classes it loaded. */
final class FreshJvm {
  private FreshJvm() {}

  /**
   * Runs {@code main} with {@code argument} on this test's class path, requires exit code 0 (its
   * output in the message otherwise), and returns the JVM's class-loading log.
   */
  static String classesLoaded(Class<?> main, String argument, Path log)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log,
                "-cp",
                System.getProperty("java.class.path"),
                main.getName(),
                argument)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("exit code of %s; it printed:%n%s", main, output).isZero();
    return Files.readString(log);
  }
}
