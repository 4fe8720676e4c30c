package dev.provisionersdk.testing;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The test kit reaches the SDK's implementation only through its seam, internal.testkit. */
class TestKitBoundaryTest {
  @Test
  void testKitUsesNoInternalTypeButTheSeam() {
    noClasses()
        .that()
        .resideInAPackage("dev.provisionersdk.testing..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.provisionersdk.internal..")
                .and(not(resideInAPackage("dev.provisionersdk.internal.testkit.."))))
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.provisionersdk.testing"));
  }
}
