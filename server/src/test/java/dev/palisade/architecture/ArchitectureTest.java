package dev.palisade.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.micronaut.http.annotation.Controller;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The package structure written down in {@code docs/architecture.md}, checked on the compiled main
 * classes of every module: feature packages form no cycle and only use the layers below them,
 * controllers hold no SQL and live in the HTTP layer, time comes from the {@code Clock} bean, and
 * no package is split across modules.
 */
class ArchitectureTest {
  /**
   * Feature packages ({@code dev.palisade.<feature>}, subpackages folded in), lowest first. A
   * package may use itself and the packages before it, never one after it.
   */
  static final List<String> LAYERS =
      List.of(
          // foundations
          "errors",
          "crypto",
          "paging",
          "telemetry",
          // the outbound guard every client connects through
          "net",
          // HTTP-level protection that needs no data: runs on the validated token alone
          "ratelimit",
          // where data lives
          "tenancy",
          "install",
          // key material, then the audit chain sealed with it, then what the platform reports
          "keys",
          "audit",
          "events",
          // organization files on their storage binding
          "storage",
          // features
          "identity",
          "provisioning",
          "health",
          "license",
          // backups of every database, their signed manifests and restore validation
          "backup",
          "jobs",
          // forwarding of the audit chains and security events to a SIEM
          "syslog",
          // surfaces and entry points
          "api",
          "console",
          "server",
          "functions");

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("dev.palisade");

  static String feature(JavaClass c) {
    String pkg = c.getPackageName();
    String rest = pkg.substring("dev.palisade.".length());
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  @Test
  void everyModulesClassesAreChecked() {
    Set<String> features = new TreeSet<>();
    MAIN.forEach(c -> features.add(feature(c)));
    assertThat(features).contains("audit", "api", "jobs", "server");
    assertThat(LAYERS).containsAll(features);
  }

  @Test
  void featurePackagesFormNoCycle() {
    slices().matching("dev.palisade.(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void featurePackagesOnlyUseTheLayersBelowThem() {
    classes()
        .should(
            new ArchCondition<JavaClass>("only use feature packages of lower layers") {
              @Override
              public void check(JavaClass c, ConditionEvents events) {
                int own = LAYERS.indexOf(feature(c));
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                  JavaClass target = d.getTargetClass();
                  if (!target.getPackageName().startsWith("dev.palisade.")) {
                    continue;
                  }
                  int used = LAYERS.indexOf(feature(target));
                  if (used > own) {
                    events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                  }
                }
              }
            })
        .check(MAIN);
  }

  @Test
  void controllersLiveInTheHttpLayerAndHoldNoSql() {
    classes()
        .that()
        .areAnnotatedWith(Controller.class)
        .should()
        .resideInAnyPackage("dev.palisade.api..", "dev.palisade.console..")
        .check(MAIN);
    noClasses()
        .that()
        .areAnnotatedWith(Controller.class)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "org.jdbi..", "javax.sql..")
        .because("SQL lives in the feature's table classes, not in controllers")
        .check(MAIN);
    noClasses()
        .that()
        .haveSimpleNameEndingWith("View")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "org.jdbi..")
        .because("view records are shapes, mapped from rows by the tables that own them")
        .check(MAIN);
  }

  @Test
  void timeIsReadFromTheClockBean() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("dev.palisade.install.Clocks")
        .should()
        .callMethod(Instant.class, "now")
        .orShould()
        .callMethod(Clock.class, "systemUTC")
        .orShould()
        .callMethod(Clock.class, "systemDefaultZone")
        .because("tests move an injected Clock instead of waiting for time to pass")
        .check(MAIN);
  }

  @Test
  void noPackageIsSplitAcrossModules() {
    Map<String, String> moduleOf = new HashMap<>();
    Set<String> split = new TreeSet<>();
    for (JavaClass c : MAIN) {
      String module = c.getSource().map(s -> module(s.getUri().toString())).orElse("?");
      String before = moduleOf.putIfAbsent(c.getPackageName(), module);
      if (before != null && !before.equals(module)) {
        split.add(c.getPackageName());
      }
    }
    assertThat(split).as("packages declared in more than one module").isEmpty();
    assertThat(new TreeSet<>(moduleOf.values())).hasSizeGreaterThanOrEqualTo(3);
  }

  /** The module a class file comes from: its jar, or the classes directory of its module. */
  private static String module(String uri) {
    int bang = uri.indexOf("!/");
    return bang >= 0 ? uri.substring(0, bang) : uri.replaceFirst("/target/classes/.*", "");
  }
}
