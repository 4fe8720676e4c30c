package dev.provisionersdk.internal.resources;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real jq 1.7.1 for the differential tests: Debian 13's package, fetched and unpacked into
 * target/ by scripts/fetch-jq-1.7.sh and run from its own files.
 */
final class RealJq {
  private RealJq() {}

  /**
   * Fetches jq, or skips the calling test with the reason when it cannot be had (no apt, no network
   * to Debian's mirror).
   *
   * @return the jq wrapper to run
   */
  static Path fetch() throws IOException, InterruptedException {
    Process fetch =
        new ProcessBuilder("bash", "../scripts/fetch-jq-1.7.sh", "target/jq-1.7.1")
            .redirectErrorStream(true)
            .start();
    String output = new String(fetch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean done = fetch.waitFor(5, TimeUnit.MINUTES);
    Assumptions.assumeTrue(
        done && fetch.exitValue() == 0,
        () ->
            "SKIPPED: jq 1.7.1 cannot be had here (scripts/fetch-jq-1.7.sh failed: "
                + output.strip()
                + ") — the jq differential tests need apt-get and Debian's mirror");
    String[] lines = output.strip().split("\n");
    return Path.of(lines[lines.length - 1]);
  }
}
