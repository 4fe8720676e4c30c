package dev.provisionersdk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package rules of STYLE.md, checked on the compiled classes with ArchUnit: the API never
 * depends on the implementation, public signatures name only JDK, library and API types, the
 * packages form layers without cycles, and only the test kit's seam reaches the core from outside.
 * Javadoc is not in the class files, so its links are checked on the sources.
 */
class ArchitectureTest {
  private static final String API = "dev.provisionersdk";
  private static final String INTERNAL = "dev.provisionersdk.internal..";
  private static final String INTERNAL_PREFIX = "dev.provisionersdk.internal";
  private static final JavaClasses SDK =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(API);

  @Test
  void apiPackageNeverDependsOnTheImplementationOrTheEntryPoint() {
    noClasses()
        .that()
        .resideInAPackage(API)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(INTERNAL, "dev.provisionersdk.runtime..")
        .check(SDK);
  }

  @Test
  void publicSignaturesOfTheEntryPointNameNoInternalType() {
    ArchRuleDefinition.classes()
        .that()
        .resideInAnyPackage(API, "dev.provisionersdk.runtime")
        .and()
        .arePublic()
        .should(exposeNoInternalType())
        .check(SDK);
  }

  /**
   * No static mutable state (STYLE.md): every static field is final. The one exception is the
   * process's own output, which masks descriptors 1 and 2 of the process and so exists once per
   * process by nature, as {@code System.out} does.
   */
  @Test
  void staticFieldsAreFinalOutsideTheProcessOutput() {
    ArchRuleDefinition.fields()
        .that()
        .areStatic()
        .and()
        .areDeclaredInClassesThat()
        .doNotHaveFullyQualifiedName("dev.provisionersdk.internal.output.ProcessOutput")
        .should()
        .beFinal()
        .check(SDK);
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("dev.(**)").should().beFreeOfCycles().check(SDK);
  }

  @Test
  void implementationIsLayered() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("API")
        .definedBy(API)
        .layer("Leaves")
        .definedBy("dev.provisionersdk.internal.os..", "dev.provisionersdk.internal.redact..")
        .layer("Services")
        .definedBy("dev.provisionersdk.internal.exec..", "dev.provisionersdk.internal.resources..")
        .layer("Core")
        .definedBy("dev.provisionersdk.internal")
        .layer("TestKitSeam")
        .definedBy("dev.provisionersdk.internal.testkit..")
        .layer("EntryPoint")
        .definedBy("dev.provisionersdk.runtime..")
        .whereLayer("EntryPoint")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("TestKitSeam")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Core")
        .mayOnlyBeAccessedByLayers("EntryPoint", "TestKitSeam")
        .whereLayer("Services")
        .mayOnlyBeAccessedByLayers("Core", "TestKitSeam")
        .whereLayer("Leaves")
        .mayOnlyBeAccessedByLayers("Services", "Core", "TestKitSeam")
        .check(SDK);
  }

  /** A public type's public and protected members take, return and throw no internal type. */
  private static ArchCondition<JavaClass> exposeNoInternalType() {
    return new ArchCondition<>("expose no internal type in a public signature") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        for (JavaCodeUnit member : type.getCodeUnits()) {
          if (!visible(member.getModifiers())) {
            continue;
          }
          List<JavaClass> named = new ArrayList<>(member.getRawParameterTypes());
          named.add(member.getRawReturnType());
          member.getThrowsClause().forEach(thrown -> named.add(thrown.getRawType()));
          for (JavaClass used : named) {
            if (used.getPackageName().startsWith(INTERNAL_PREFIX)) {
              events.add(
                  SimpleConditionEvent.violated(
                      member, member.getFullName() + " names " + used.getName()));
            }
          }
        }
        for (JavaField field : type.getFields()) {
          if (visible(field.getModifiers())
              && field.getRawType().getPackageName().startsWith(INTERNAL_PREFIX)) {
            events.add(SimpleConditionEvent.violated(field, field.getFullName() + " is internal"));
          }
        }
        if (type.getRawSuperclass().isPresent()
            && type.getRawSuperclass().get().getPackageName().startsWith(INTERNAL_PREFIX)) {
          events.add(SimpleConditionEvent.violated(type, type.getName() + " extends internal"));
        }
      }
    };
  }

  private static boolean visible(Set<JavaModifier> modifiers) {
    return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
  }

  @Test
  void apiJavadocNeverLinksToTheImplementation() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path packageDir :
        List.of(
            Path.of("src/main/java/dev/provisionersdk"),
            Path.of("src/main/java/dev/provisionersdk/runtime"))) {
      try (Stream<Path> files = Files.list(packageDir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          for (String line : Files.readAllLines(file)) {
            String trimmed = line.trim();
            boolean javadoc = trimmed.startsWith("*") || trimmed.startsWith("/**");
            if (javadoc && trimmed.contains(INTERNAL_PREFIX)) {
              violations.add(file.getFileName() + ": " + trimmed);
            }
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void everyPackageHasPackageInfo() throws IOException {
    try (Stream<Path> dirs = Files.walk(Path.of("src/main/java"))) {
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
