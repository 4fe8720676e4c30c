package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisionersdk.ProvisionerException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The offline checks of a step's resources, for {@code check}: every field the step owns (its
 * {@code .jq} templates and the fields declared with {@code ownsResources}) is declared in {@code
 * massdriver.yaml} with a type, and every template compiles. Each problem is collected, none stops
 * the others.
 *
 * <p>Stateless and thread-safe.
 */
public final class StepResources {
  private StepResources() {}

  /**
   * Checks a step's resource declarations and templates.
   *
   * @param bundleDirectory the bundle directory
   * @param stepDirectory the step directory
   * @param ownedFields the fields declared with {@code ownsResources}
   * @param mapper reads {@code schema-artifacts.json}
   * @return each problem, prefixed with the file it is about
   */
  public static List<String> problems(
      Path bundleDirectory,
      Path stepDirectory,
      Set<String> ownedFields,
      Supplier<ObjectMapper> mapper) {
    List<String> problems = new ArrayList<>();
    Templates templates;
    try {
      templates = Templates.scan(stepDirectory, Map.of());
    } catch (ProvisionerException e) {
      problems.add(e.getMessage());
      return problems;
    }
    BundleArtifacts bundle = new BundleArtifacts(bundleDirectory, mapper);
    Set<String> fields = new LinkedHashSet<>(ownedFields);
    fields.addAll(templates.fields());
    for (String field : fields) {
      try {
        bundle.type(field);
      } catch (ProvisionerException e) {
        problems.add(e.getMessage());
      }
    }
    if (!templates.isEmpty()) {
      if (!OptionalLibrary.JACKSON_JQ.present()) {
        try {
          templates.requireEngine();
        } catch (ProvisionerException e) {
          problems.add(e.getMessage());
        }
        return problems;
      }
      for (String field : templates.fields()) {
        try {
          JqProgram.compileQuery(templates.program(field));
        } catch (ProvisionerException e) {
          problems.add(e.getMessage());
        } catch (Exception e) {
          problems.add(templates.file(field) + ": not a valid jq program: " + e.getMessage());
        }
      }
    }
    return problems;
  }
}
