package dev.palisade.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The functions module's place in {@code docs/architecture.md} (the server module's {@code
 * ArchitectureTest} cannot see it: the server does not depend on it): {@code functions} is an entry
 * point at the top of the layers, which nothing else uses, and it adds no package of another layer
 * (no forked beans: only entry points and configuration).
 */
class FunctionsArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("dev.palisade");

  private static final JavaClasses FUNCTIONS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> location.contains("/functions/target/classes/"))
          .importPackages("dev.palisade");

  @Test
  void theModuleHoldsOnlyTheFunctionsPackage() {
    classes().should().resideInAPackage("dev.palisade.functions..").check(FUNCTIONS);
  }

  @Test
  void nothingBelowTheEntryPointsUsesTheFunctions() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.palisade.functions..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.palisade.functions..")
        .check(MAIN);
  }

  @Test
  void featurePackagesFormNoCycle() {
    slices().matching("dev.palisade.(*)..").should().beFreeOfCycles().check(MAIN);
  }
}
