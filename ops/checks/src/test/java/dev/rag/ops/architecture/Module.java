package dev.rag.ops.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.rag.ops.config.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Maven module whose main classes the rules read, and the package its classes live under.
 *
 * @param directory the module's folder, relative to the repository root
 * @param basePackage the package every one of its classes lives under
 * @param service whether it is one of the six services (libraries are shared by design)
 */
record Module(String directory, String basePackage, boolean service) {

  /** Every module with main code; e2e-tests and ops/checks hold tests only. */
  static final List<Module> ALL =
      List.of(
          new Module("libs/contracts", "dev.rag.contracts", false),
          new Module("libs/service-support", "dev.rag.support", false),
          new Module("libs/test-infrastructure", "dev.rag.testing", false),
          new Module("libs/text-encoders", "dev.rag.encoders", false),
          new Module("libs/llm-runtime", "dev.rag.llm", false),
          new Module("libs/onnx-model", "dev.rag.onnx", false),
          new Module("libs/llm-runtime-ort", "dev.rag.llm.ort", false),
          new Module("libs/evaluation", "dev.rag.eval", false),
          new Module("ingest-service", "dev.rag.ingest", true),
          new Module("embedding-service", "dev.rag.embedding", true),
          new Module("retrieval-service", "dev.rag.retrieval", true),
          new Module("rerank-service", "dev.rag.rerank", true),
          new Module("generation-service", "dev.rag.generation", true),
          new Module("gateway", "dev.rag.gateway", true));

  @Override
  public String toString() {
    return directory;
  }

  static List<Module> services() {
    return ALL.stream().filter(Module::service).toList();
  }

  /**
   * The module's compiled main classes.
   *
   * @throws AssertionError naming the folder when it is missing or holds no class: the rules would
   *     otherwise pass over classes that were never read
   */
  Path classes() {
    Path classes = Repository.path(directory).resolve("target/classes");
    if (!holdsClasses(classes)) {
      throw new AssertionError(
          classes
              + " is missing or holds no compiled class: the architecture rules read every"
              + " module's compiled classes, so compile the whole reactor first (./mvnw -B"
              + " test-compile, or verify; ops/checks is built last)");
    }
    return classes;
  }

  private static boolean holdsClasses(Path folder) {
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".class"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Its classes alone (for its package cycles). */
  JavaClasses importClasses() {
    return new ClassFileImporter().importPath(classes());
  }

  /** The classes of {@code modules} together (for the rules between modules). */
  static JavaClasses importAll(List<Module> modules) {
    return new ClassFileImporter().importPaths(modules.stream().map(Module::classes).toList());
  }
}
