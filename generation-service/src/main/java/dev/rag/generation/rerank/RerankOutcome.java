package dev.rag.generation.rerank;

import java.util.List;

/**
 * Candidate indexes best first. When {@code reranked} is false the order is the caller's own
 * (fused) order, scores are absent, and {@code degradedReason} says why (null when the service
 * simply has no model).
 */
public record RerankOutcome(
    List<Integer> order,
    List<Float> scores,
    boolean reranked,
    String model,
    String degradedReason) {

  static RerankOutcome keepOrder(int candidates, String model, String degradedReason) {
    List<Integer> order = java.util.stream.IntStream.range(0, candidates).boxed().toList();
    return new RerankOutcome(
        order, java.util.Collections.nCopies(candidates, null), false, model, degradedReason);
  }

  public boolean degraded() {
    return degradedReason != null;
  }
}
