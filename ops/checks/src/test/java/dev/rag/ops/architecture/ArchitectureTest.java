package dev.rag.ops.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceRule;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seams between modules, held by rules over their compiled classes: generation-service talks to
 * llm-runtime through one port (its {@code llm} package) and that port never reaches back into the
 * answer pipeline; services share libraries, never each other's classes; and no module's packages
 * depend on each other in a circle.
 */
class ArchitectureTest {

  private static JavaClasses all;

  @BeforeAll
  static void importEveryModule() {
    all = Module.importAll(Module.ALL);
  }

  @Test
  void onlyGenerationsLlmPortImportsTheRuntime() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("dev.rag.generation..")
            .and()
            .resideOutsideOfPackage("dev.rag.generation.llm..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.rag.llm..")
            .because(
                "generation-service reaches llm-runtime only through its port, the llm package"
                    + " (CompletionRequest, TextListener, PromptFormat, LanguageModel)");
    rule.check(all);
  }

  @Test
  void generationsLlmPortDoesNotImportTheAnswerPipeline() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("dev.rag.generation.llm..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.rag.generation.answer..")
            .because("the answer pipeline uses the model's port, not the other way round");
    rule.check(all);
  }

  static Stream<Module> services() {
    return Module.services().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void aServiceImportsNoOtherServicesClasses(Module service) {
    String[] others =
        Module.services().stream()
            .filter(m -> !m.equals(service))
            .map(m -> m.basePackage() + "..")
            .toArray(String[]::new);
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage(service.basePackage() + "..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(others)
            .because(
                "services talk over HTTP and Kafka with the types of libs/contracts; shared code"
                    + " belongs in libs/");
    rule.check(all);
  }

  static Stream<Module> modules() {
    return Module.ALL.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modules")
  void noModuleHasAPackageCycle(Module module) {
    packageCycles(module).check(module.importClasses());
  }

  /** Every package of the module (its base package included) is a slice of its own. */
  private static SliceRule packageCycles(Module module) {
    return slices()
        .matching("dev.rag.(**)")
        .namingSlices("$1 (" + module.directory() + ")")
        .should()
        .beFreeOfCycles();
  }
}
