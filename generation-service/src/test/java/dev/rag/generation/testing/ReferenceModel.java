package dev.rag.generation.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tiny real Llama used to drive the generative path mechanically ({@code stories260K}: its text
 * is children's-story noise, not answers). Found at {@code -Drag.shared.dir}, else in the first
 * {@code shared/models/stories260K} walking up from the working directory; tests that need it are
 * skipped, saying why, when it is absent. The product never reads it.
 */
public final class ReferenceModel {

  private ReferenceModel() {}

  public static Path stories260K() {
    Path found = find();
    assumeTrue(
        found != null,
        "shared/models/stories260K/stories260K.gguf not found; set -Drag.shared.dir");
    return found;
  }

  private static Path find() {
    String property = System.getProperty("rag.shared.dir");
    if (property != null) {
      Path p = Path.of(property).resolve("models/stories260K/stories260K.gguf");
      return Files.isRegularFile(p) ? p : null;
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path p = dir.resolve("shared/models/stories260K/stories260K.gguf");
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }
}
