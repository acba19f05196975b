package dev.rag.llm.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared reference models: system property {@code rag.shared.dir}, else the first
 * directory walking up from the working directory that contains {@code shared/models/stories260K}.
 * Tests that need them are skipped (with a message) when they cannot be found.
 */
public final class SharedModels {
  private SharedModels() {}

  public static Path stories260KDir() {
    Path dir = find();
    assumeTrue(
        dir != null,
        "shared models not found: set -Drag.shared.dir or place shared/models/stories260K "
            + "next to the repository");
    return dir;
  }

  public static Path storiesF32() {
    return stories260KDir().resolve("stories260K.gguf");
  }

  public static Path storiesQ8() {
    return stories260KDir().resolve("stories260K-q8_0.gguf");
  }

  public static String expected(String fileName) throws java.io.IOException {
    return Files.readString(stories260KDir().resolve(fileName));
  }

  private static Path find() {
    return find("stories260K");
  }

  /**
   * The folder {@code shared/models/<name>}: under {@code rag.shared.dir} when that is set, else
   * the first one found walking up from the working directory; null when there is none.
   */
  public static Path find(String name) {
    String property = System.getProperty("rag.shared.dir");
    if (property != null) {
      Path p = Path.of(property).resolve("models").resolve(name);
      return Files.isDirectory(p) ? p : null;
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/models").resolve(name);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
