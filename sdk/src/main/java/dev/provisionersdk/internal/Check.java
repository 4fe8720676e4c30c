package dev.provisionersdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.internal.redact.Redactor;
import dev.provisionersdk.internal.resources.ConfigBlock;
import dev.provisionersdk.internal.resources.InputSchemas;
import dev.provisionersdk.internal.resources.StepResources;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code check --inputs DIR [--step PATH]}: every check the platform's preparation and the runtime
 * make that needs no cloud, run at once on a directory laid out like {@code /massdriver}, with
 * every problem reported, grouped by file: the input files and their limits, the step's {@code
 * config} block compiled over the inputs (as the platform compiles it, whatever {@code config.json}
 * says), params and connections against the bundle's schemas, the step's resource declarations and
 * {@code .jq} templates. Nothing is run and nothing is written.
 *
 * <p>Not thread-safe: one instance per check.
 */
final class Check {
  private final Path inputs;
  private final String step;
  private final Set<String> ownedResources;
  private final Map<String, List<String>> problems = new LinkedHashMap<>();
  private final Map<String, List<String>> notChecked = new LinkedHashMap<>();

  Check(Path inputs, String step, Set<String> ownedResources) {
    this.inputs = inputs;
    this.step = step;
    this.ownedResources = Set.copyOf(ownedResources);
  }

  /**
   * Runs every check and prints the report.
   *
   * @param json the parser
   * @param redactor receives the secrets before anything is printed
   * @param out where the report goes
   * @return {@link ExitCode#OK} when nothing is wrong, {@link ExitCode#INVALID_INPUT} otherwise
   */
  int run(Json json, Redactor redactor, PrintStream out) {
    if (!Files.isDirectory(inputs)) {
      out.println("check: inputs directory " + inputs + " does not exist");
      return ExitCode.INVALID_INPUT;
    }
    Optional<JsonNode[]> loaded = inputFiles(json, redactor);
    Path bundle = inputs.resolve("bundle");
    Path stepDirectory = bundle.resolve(step);
    if (!Files.isDirectory(stepDirectory)) {
      add(problems, "bundle/" + step + "/", "the step directory does not exist — check --step");
    }
    if (loaded.isPresent()) {
      config(bundle);
      schemas(bundle, loaded.get(), json);
    }
    for (String problem :
        StepResources.problems(bundle, stepDirectory, ownedResources, json::mapper)) {
      add(problems, "bundle/" + step + "/ resources", problem);
    }
    return report(out);
  }

  /**
   * Reads the input files; every broken one is a problem. Returns the params and connections trees
   * when both could be read, for the checks that need them.
   */
  private Optional<JsonNode[]> inputFiles(Json json, Redactor redactor) {
    try {
      Inputs loaded = Inputs.load(inputs, json, redactor);
      return Optional.of(
          new JsonNode[] {loaded.tree(InputFile.PARAMS), loaded.tree(InputFile.CONNECTIONS)});
    } catch (ProvisionerException first) {
      // Report every broken file, not just the first one the loader met.
      Map<String, JsonNode> trees = new LinkedHashMap<>();
      List<String> files = new ArrayList<>();
      for (InputFile file : InputFile.values()) {
        files.add(file.fileName());
      }
      files.add(Inputs.DEPENDENCIES_FILE);
      boolean found = false;
      for (String file : files) {
        try {
          byte[] content = InputLimits.read(inputs.resolve(file), file);
          if (content != null) {
            JsonNode tree = json.parseObject(file, content);
            if (file.equals("secrets.json")) {
              InputLimits.checkSecretCount(tree);
            }
            trees.put(file, tree);
          } else {
            trees.put(file, json.parseObject(file, new byte[0]));
          }
        } catch (ProvisionerException e) {
          add(problems, file, e.getMessage());
          found = true;
        }
      }
      if (!found) {
        add(problems, "input files", first.getMessage());
      }
      JsonNode params = trees.get("params.json");
      JsonNode connections =
          Files.exists(inputs.resolve(Inputs.DEPENDENCIES_FILE))
              ? trees.get(Inputs.DEPENDENCIES_FILE)
              : trees.get("connections.json");
      return params == null || connections == null
          ? Optional.empty()
          : Optional.of(new JsonNode[] {params, connections});
    }
  }

  private void config(Path bundle) {
    try {
      Optional<ConfigBlock> block = ConfigBlock.read(bundle, step);
      if (block.isEmpty()) {
        return;
      }
      ConfigBlock.Compiled compiled =
          block
              .get()
              .compile(
                  ConfigBlock.readExact(inputs, "params.json"),
                  ConfigBlock.readExact(inputs, connectionsFile()));
      for (ConfigBlock.Problem problem : compiled.problems()) {
        add(problems, "bundle/massdriver.yaml steps[path=" + step + "].config", problem.toString());
      }
    } catch (ProvisionerException e) {
      add(problems, "bundle/massdriver.yaml", e.getMessage());
    }
  }

  private String connectionsFile() {
    return Files.exists(inputs.resolve(Inputs.DEPENDENCIES_FILE))
        ? Inputs.DEPENDENCIES_FILE
        : "connections.json";
  }

  private void schemas(Path bundle, JsonNode[] loaded, Json json) {
    if (!InputSchemas.validatorPresent()) {
      add(
          notChecked,
          "params.json, connections.json",
          "the bundle's schemas: com.networknt:json-schema-validator is not on the class path");
      return;
    }
    try {
      InputSchemas.Report report = InputSchemas.check(bundle, loaded[0], loaded[1], json.mapper());
      report.violations().forEach(f -> add(problems, f.file(), f.path() + ": " + f.message()));
      report.notChecked().forEach(f -> add(notChecked, f.file(), f.path() + ": " + f.message()));
    } catch (ProvisionerException e) {
      add(problems, "bundle schemas", e.getMessage());
    }
  }

  private int report(PrintStream out) {
    out.println("check: inputs " + inputs + ", step " + step);
    Map<String, List<String>> files = new LinkedHashMap<>();
    problems.forEach((file, list) -> list.forEach(p -> add(files, file, "error: " + p)));
    notChecked.forEach((file, list) -> list.forEach(p -> add(files, file, "not checked: " + p)));
    files.forEach(
        (file, lines) -> {
          out.println(file);
          lines.forEach(line -> out.println("  " + line.replace("\n", "\n    ")));
        });
    int count = problems.values().stream().mapToInt(List::size).sum();
    int skipped = notChecked.values().stream().mapToInt(List::size).sum();
    out.println(
        "check: "
            + (count == 0 ? "no problems" : count + (count == 1 ? " problem" : " problems"))
            + (skipped == 0 ? "" : ", " + skipped + " not checked"));
    out.flush();
    return count == 0 ? ExitCode.OK : ExitCode.INVALID_INPUT;
  }

  private static void add(Map<String, List<String>> map, String file, String line) {
    map.computeIfAbsent(file, key -> new ArrayList<>()).add(line);
  }
}
