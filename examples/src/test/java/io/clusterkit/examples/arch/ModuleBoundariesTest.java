package io.clusterkit.examples.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules between ClusterKit's modules, checked on their compiled main classes: no module uses
 * another module's {@code impl} packages (a contract two modules share is public API), and
 * dependencies point one way (launcher -> verticles -> sticky-session, shared-state).
 */
class ModuleBoundariesTest {

  /** Each module's root package, by module. */
  private static final Map<String, String> MODULES = Map.of(
      "launcher", "io.clusterkit.launcher",
      "verticles", "io.clusterkit.verticles",
      "sticky-session", "io.clusterkit.sticky",
      "shared-state", "io.clusterkit.state",
      "examples", "io.clusterkit.examples");

  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.clusterkit");

  /** No module's classes depend on another module's impl packages. */
  static ArchRule noForeignImpl() {
    List<ArchRule> rules = new ArrayList<>();
    MODULES.forEach((module, root) -> {
      String[] foreignImpl = MODULES.values().stream().filter(other -> !other.equals(root))
          .map(other -> other + "..impl..").toArray(String[]::new);
      rules.add(noClasses().that().resideInAPackage(root + "..")
          .should().dependOnClassesThat().resideInAnyPackage(foreignImpl)
          .as(module + " uses no other module's impl package")
          // a rule whose module has no class in the set (the offender alone) passes, not fails
          .allowEmptyShould(true));
    });
    return CompositeArchRule.of(rules);
  }

  @Test
  void mainCodeIsThere() {
    // an empty import would pass every rule: make sure each module's classes were read
    MODULES.forEach((module, root) -> org.assertj.core.api.Assertions
        .assertThat(MAIN.stream().anyMatch(c -> c.getPackageName().startsWith(root)))
        .as("classes of %s (%s) on the test classpath", module, root).isTrue());
  }

  @Test
  void noModuleUsesAnotherModulesImpl() {
    noForeignImpl().check(MAIN);
  }

  @Test
  void dependenciesPointOneWay() {
    noClasses().that().resideInAnyPackage("io.clusterkit.verticles..", "io.clusterkit.sticky..",
            "io.clusterkit.state..")
        .should().dependOnClassesThat().resideInAPackage("io.clusterkit.launcher..")
        .as("nothing below the launcher uses it").check(MAIN);
    noClasses().that().resideInAnyPackage("io.clusterkit.sticky..", "io.clusterkit.state..")
        .should().dependOnClassesThat().resideInAPackage("io.clusterkit.verticles..")
        .as("sticky-session and shared-state do not use verticles").check(MAIN);
    noClasses().that().resideInAPackage("io.clusterkit.sticky..")
        .should().dependOnClassesThat().resideInAPackage("io.clusterkit.state..")
        .as("sticky-session does not use shared-state").check(MAIN);
    noClasses().that().resideInAPackage("io.clusterkit.state..")
        .should().dependOnClassesThat().resideInAPackage("io.clusterkit.sticky..")
        .as("shared-state does not use sticky-session").check(MAIN);
  }

  @Test
  void theRuleCatchesAForeignImplImport() {
    JavaClasses offender = new ClassFileImporter().importClasses(ForeignImplUser.class);
    assertThatThrownBy(() -> noForeignImpl().check(offender))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("examples uses no other module's impl package")
        .hasMessageContaining("io.clusterkit.state.impl.SharedStates");
  }
}
