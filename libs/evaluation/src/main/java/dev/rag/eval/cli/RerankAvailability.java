package dev.rag.eval.cli;

import dev.rag.eval.platform.PlatformClient;
import dev.rag.eval.platform.PlatformException;
import dev.rag.eval.platform.RerankResult;
import java.util.List;
import java.util.Optional;

/**
 * Whether {@code hybrid+rerank} can be measured. rerank-service answers even without a model
 * ({@code reranked: false}, input order returned): scoring that would just repeat the hybrid row
 * under another name, so the mode is skipped with the reason instead.
 */
final class RerankAvailability {

  private RerankAvailability() {}

  /** Empty when a model reranks; otherwise why the mode is skipped, e.g. {@code model: none}. */
  static Optional<String> skipReason(PlatformClient platform) {
    try {
      RerankResult probe =
          platform.rerank("evaluation probe", List.of("a probe document", "another one"), 2);
      return probe.reranked() ? Optional.empty() : Optional.of("model: " + probe.model());
    } catch (PlatformException e) {
      return Optional.of("rerank unavailable: " + e.reason());
    }
  }
}
