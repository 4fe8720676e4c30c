package dev.provisionersdk.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisionersdk.Command;
import dev.provisionersdk.Controls;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.runtime.Provisioner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole runs through the public entry point: what happens before the handler and after it. */
class RunEndTest {
  @TempDir Path inputs;
  private final AtomicInteger handlerCalls = new AtomicInteger();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void step() throws IOException {
    Files.createDirectories(inputs.resolve("bundle/src"));
  }

  private int run(Provisioner provisioner) {
    return provisioner.execute(
        new String[] {"provision", "--inputs", inputs.toString()},
        Map.of("PATH", System.getenv("PATH")),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "\"timeout\": \"3000000h\"",
        "\"timeout\": 9223372036854775807",
        "\"pause_before\": \"9999999999999999999h\"",
        "\"grace_period\": 92233720368547758070",
        "\"tasks\": {\"apply\": {\"cleanup_timeout\": \"200h\"}}"
      })
  void anOverflowingDurationFailsWithExitCode2BeforeTheHandlerRuns(String entry)
      throws IOException {
    Files.writeString(inputs.resolve("config.json"), "{\"execution\": {" + entry + "}}");
    Provisioner provisioner =
        Provisioner.builder("durations")
            .provision(request -> handlerCalls.incrementAndGet())
            .build();

    assertThat(run(provisioner)).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(handlerCalls).hasValue(0);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("error: config.json $.execution.")
        .contains("is longer than the maximum of 168h (7 days)")
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void aBackgroundProcessTheHandlerLeftIsStoppedWhenTheRunEnds() throws Exception {
    Path pid = inputs.resolve("background.pid");
    Provisioner provisioner =
        Provisioner.builder("leaves-a-daemon")
            .controls(Controls.builder().gracePeriod(Duration.ofMillis(300)).build())
            .provision(
                request -> {
                  handlerCalls.incrementAndGet();
                  // Detached from the output pipes, so the command itself ends at once.
                  request.run(
                      Command.of(
                          "sh",
                          "-c",
                          "(trap '' TERM; exec sleep 300) >/dev/null 2>&1 & echo $! > \"$1\"",
                          "sh",
                          pid.toString()));
                })
            .build();

    assertThat(run(provisioner)).isEqualTo(ExitCode.OK);

    long background = Long.parseLong(Files.readString(pid).trim());
    assertThat(ProcessSnapshot.isRunning(background)).as("the background process").isFalse();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("end of the run: stopping 1 process(es)")
        .contains("1 process(es) the provisioner started still ran when the run ended");
  }
}
