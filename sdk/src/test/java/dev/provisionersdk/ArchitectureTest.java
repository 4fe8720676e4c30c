package dev.provisionersdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Package rules of STYLE.md, checked on the sources: the API package never names the
 * implementation, the implementation never names the entry point, so there is no cycle, and every
 * package documents itself.
 */
class ArchitectureTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/provisionersdk");

  private static List<String> violations(Path packageDir, String... forbiddenPrefixes)
      throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.list(packageDir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        for (String line : Files.readAllLines(file)) {
          for (String prefix : forbiddenPrefixes) {
            if (namesType(line, prefix)) {
              violations.add(file.getFileName() + ": " + line.trim());
            }
          }
        }
      }
    }
    return violations;
  }

  /** An import, a fully-qualified use in code, or a Javadoc link or see-reference. */
  private static boolean namesType(String line, String prefix) {
    String trimmed = line.trim();
    if (trimmed.startsWith("*") || trimmed.startsWith("/**")) {
      return trimmed.contains("{@link " + prefix)
          || trimmed.contains("{@linkplain " + prefix)
          || trimmed.contains("@see " + prefix)
          || trimmed.contains("@throws " + prefix);
    }
    return !trimmed.startsWith("//") && trimmed.contains(prefix);
  }

  @Test
  void apiPackageNeverNamesImplementationOrEntryPoint() throws IOException {
    assertThat(violations(SOURCES, "dev.provisionersdk.internal", "dev.provisionersdk.runtime"))
        .isEmpty();
  }

  @Test
  void implementationNeverNamesTheEntryPoint() throws IOException {
    assertThat(violations(SOURCES.resolve("internal"), "dev.provisionersdk.runtime")).isEmpty();
    assertThat(
            violations(
                SOURCES.resolve("internal/redact"),
                "dev.provisionersdk.runtime",
                "dev.provisionersdk.internal.L",
                "dev.provisionersdk.internal.E"))
        .isEmpty();
  }

  @Test
  void resourcesNeverNameTheRuntimeCoreSoThereIsNoCycle() throws IOException {
    Pattern core = Pattern.compile("dev\\.provisionersdk\\.(runtime|internal\\.[A-Z])");
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.list(SOURCES.resolve("internal/resources"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        for (String line : Files.readAllLines(file)) {
          if (core.matcher(line).find()) {
            violations.add(file.getFileName() + ": " + line.trim());
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void everyPackageHasPackageInfo() throws IOException {
    try (Stream<Path> dirs = Files.walk(SOURCES)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        boolean hasJava;
        try (Stream<Path> files = Files.list(dir)) {
          hasJava = files.anyMatch(f -> f.toString().endsWith(".java"));
        }
        if (hasJava) {
          assertThat(dir.resolve("package-info.java")).as("package-info in %s", dir).exists();
        }
      }
    }
  }
}
