package dev.provisionersdk.internal.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.provisionersdk.ProvisionerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SDK's jq against the real jq 1.7.1 (Debian 13's package, fetched and unpacked into target/ by
 * scripts/fetch-jq-1.7.sh, run from its own files): every program of {@code
 * src/test/resources/jq/programs.txt} must print the same lines (as {@code jq -c}) and fail or
 * succeed alike, except the programs listed in {@code known-differences.txt} — which must still
 * differ, so the list (and docs/resources.md "Templates") stays true. Skipped, with the reason,
 * only where the jq binary cannot be had (no apt, no network to Debian's mirror).
 */
class JqDifferentialIT {
  private static final Path PROGRAMS = Path.of("src/test/resources/jq/programs.txt");
  private static final Path KNOWN = Path.of("src/test/resources/jq/known-differences.txt");
  private static final Path WORK = Path.of("target/jq-differential");
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "LC_ALL", "C");

  private static Path jq;

  private record Case(String program, String input) {}

  private record Outcome(List<String> lines, boolean failed) {
    String describe() {
      return String.join(" ", lines) + (failed ? " <error>" : "");
    }
  }

  @BeforeAll
  static void fetchJq() throws IOException, InterruptedException {
    jq = RealJq.fetch();
    Files.createDirectories(WORK);
  }

  @Test
  void everyProgramPrintsWhatJq171PrintsExceptTheKnownDifferences() throws Exception {
    List<Case> cases = cases();
    Set<String> known = new LinkedHashSet<>();
    for (String line : Files.readAllLines(KNOWN, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        known.add(line);
      }
    }
    JqProgram.Engine engine = JqProgram.engine(ENV);
    Map<String, String> differences = new LinkedHashMap<>();
    int index = 0;
    for (Case c : cases) {
      Outcome expected = real(c, index++);
      Outcome actual = ours(engine, c);
      if (!expected.equals(actual)) {
        differences.put(
            c.program(),
            "\n  program: "
                + c.program()
                + "\n  input:   "
                + c.input()
                + "\n  jq:      "
                + expected.describe()
                + "\n  sdk:     "
                + actual.describe());
      }
    }
    System.out.printf(
        "jq differential: %d programs, %d identical to jq 1.7.1, %d known differences%n",
        cases.size(), cases.size() - differences.size(), known.size());
    Map<String, String> unexpected = new LinkedHashMap<>(differences);
    unexpected.keySet().removeAll(known);
    assertThat(unexpected)
        .as("programs whose output differs from jq 1.7.1:%s", String.join("", unexpected.values()))
        .isEmpty();
    Set<String> fixed = new LinkedHashSet<>(known);
    fixed.removeAll(differences.keySet());
    assertThat(fixed)
        .as(
            "known differences that no longer differ (remove them from known-differences.txt and"
                + " docs/resources.md \"Templates\")")
        .isEmpty();
  }

  @Test
  void flattenedOutputsAreWhatTheOfficialImagesJqProgramMakesOfTofuShow() throws Exception {
    String show = Files.readString(Path.of("src/test/resources/jq/tofu-show.json"));
    Case official = new Case(".values.outputs | with_entries(.value = .value.value)", show);

    Outcome expected = real(official, -1);

    assertThat(expected.failed()).isFalse();
    JsonNode flattened = JqNumbers.literal(dev.provisionersdk.ToolOutputs.flattenedOutputs(show));
    assertThat(List.of(JqJson.write(flattened))).isEqualTo(expected.lines());
  }

  private static List<Case> cases() throws IOException {
    List<Case> cases = new ArrayList<>();
    List<String> block = new ArrayList<>();
    for (String line : Files.readAllLines(PROGRAMS, StandardCharsets.UTF_8)) {
      if (line.isEmpty()) {
        addCase(block, cases);
        block.clear();
      } else if (!(block.isEmpty() && line.startsWith("#"))) {
        block.add(line);
      }
    }
    addCase(block, cases);
    assertThat(cases).hasSizeGreaterThan(300);
    return cases;
  }

  private static void addCase(List<String> block, List<Case> cases) {
    if (block.isEmpty()) {
      return;
    }
    assertThat(block).as("a case is a program line and an input line").hasSize(2);
    cases.add(new Case(block.get(0), block.get(1)));
  }

  private static Outcome real(Case c, int index) throws IOException, InterruptedException {
    Path program = WORK.resolve("case-" + index + ".jq");
    Files.writeString(program, c.program() + "\n", StandardCharsets.UTF_8);
    // The input comes from a file: a program that fails to compile exits before it would read a
    // pipe, and writing to that pipe would then fail (broken pipe) at random.
    Path input = WORK.resolve("case-" + index + ".json");
    Files.writeString(input, c.input() + "\n", StandardCharsets.UTF_8);
    ProcessBuilder builder =
        new ProcessBuilder(jq.toString(), "-c", "-f", program.toString())
            .redirectInput(input.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().clear();
    builder.environment().putAll(ENV);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("jq finished: " + c.program()).isTrue();
    List<String> lines = out.isEmpty() ? List.of() : List.of(out.split("\n"));
    return new Outcome(lines, process.exitValue() != 0);
  }

  private static Outcome ours(JqProgram.Engine engine, Case c) {
    JsonNode input;
    try {
      input = JqNumbers.literal(TemplateInput.exact().readTree(c.input()));
    } catch (IOException e) {
      input = MissingNode.getInstance();
    }
    try {
      JqProgram.Run run = engine.run(engine.compile("case.jq", c.program()), input);
      List<String> lines = new ArrayList<>();
      run.values().forEach(value -> lines.add(JqJson.write(value)));
      return new Outcome(lines, run.error().isPresent());
    } catch (ProvisionerException e) {
      return new Outcome(List.of(), true);
    }
  }
}
