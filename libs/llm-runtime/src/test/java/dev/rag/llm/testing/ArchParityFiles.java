package dev.rag.llm.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/**
 * Locates {@code shared/models/arch-parity} (llama.cpp logits for small K-quant models) the way
 * {@link SharedModels} locates stories260K: {@code -Drag.shared.dir}, else walking up from the
 * working directory. Tests that need it are skipped with a message when it is absent.
 */
public final class ArchParityFiles {
  public static final String[] MODELS = {
    "llama3-tiny-q8_0",
    "llama3-tiny-q4_k_m",
    "llama3-tiny-q6_k",
    "qwen2-tiny-q8_0",
    "qwen2-tiny-q4_k_m",
    "qwen2-tiny-q5_k_m",
    "llama-tiny-q3_k_m",
    "llama-tiny-q2_k"
  };

  private ArchParityFiles() {}

  public static Path dir() {
    Path dir = find();
    assumeTrue(
        dir != null,
        "arch-parity files not found: set -Drag.shared.dir or place "
            + "shared/models/arch-parity next to the repository");
    return dir;
  }

  private static Path find() {
    return SharedModels.find("arch-parity");
  }
}
