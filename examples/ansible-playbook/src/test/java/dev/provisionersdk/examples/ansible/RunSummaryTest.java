package dev.provisionersdk.examples.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisionersdk.Action;
import dev.provisionersdk.Request;
import dev.provisionersdk.testing.TestInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading what the massdriver_summary callback writes (its real output is checked in the ITs). */
class RunSummaryTest {
  @TempDir Path directory;

  private Request request() throws java.io.IOException {
    return TestInputs.create()
        .request(Action.PROVISION, Files.createDirectories(directory.resolve("inputs")));
  }

  @Test
  void readsTheRecapPerHostAndTheOutputs() throws Exception {
    Path file =
        Files.writeString(
            directory.resolve("summary.json"),
            "{\"hosts\": {\"web-2\": {\"ok\": 1, \"failures\": 1, \"unreachable\": 0, \"changed\": 0,"
                + " \"skipped\": 2, \"rescued\": 0, \"ignored\": 1}, \"web-1\": {\"ok\": 4,"
                + " \"failures\": 0, \"unreachable\": 0, \"changed\": 3, \"skipped\": 0,"
                + " \"rescued\": 1, \"ignored\": 0}, \"db\": {\"ok\": 0, \"failures\": 0,"
                + " \"unreachable\": 1, \"changed\": 0, \"skipped\": 0, \"rescued\": 0, \"ignored\":"
                + " 0}}, \"outputs\": {\"url\": \"https://web\"}}");

    RunSummary summary = RunSummary.read(file, request()).orElseThrow();

    assertThat(summary.changed()).isEqualTo(3);
    assertThat(summary.troubled()).containsExactly("db", "web-2");
    assertThat(summary.outputs().get("url").asText()).isEqualTo("https://web");
    assertThat(summary.lines(false))
        .containsExactly(
            "Ansible recap: 3 task(s) changed something on 3 host(s)",
            "  db: ok=0 changed=0 unreachable=1 failed=0 skipped=0 rescued=0 ignored=0",
            "  web-1: ok=4 changed=3 unreachable=0 failed=0 skipped=0 rescued=1 ignored=0",
            "  web-2: ok=1 changed=0 unreachable=0 failed=1 skipped=2 rescued=0 ignored=1");
    assertThat(summary.lines(true).get(0))
        .isEqualTo(
            "Ansible check: 3 task(s) would change something on 3 host(s); nothing was changed");
  }

  @Test
  void noFileMeansAnsibleStoppedBeforeTheRecap() throws Exception {
    assertThat(RunSummary.read(directory.resolve("summary.json"), request())).isEmpty();
  }

  @Test
  void outputsThatAreNotAnObjectReadAsEmpty() throws Exception {
    Path file =
        Files.writeString(directory.resolve("summary.json"), "{\"hosts\": {}, \"outputs\": []}");

    assertThat(RunSummary.read(file, request()).orElseThrow().outputs().isEmpty()).isTrue();
  }
}
