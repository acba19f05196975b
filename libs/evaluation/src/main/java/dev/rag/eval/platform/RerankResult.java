package dev.rag.eval.platform;

import java.util.List;

/**
 * The answer of {@code /v1/rerank}.
 *
 * @param model the cross-encoder, {@code none} when none is installed
 * @param reranked false when no model scored the documents (the order is then the input order)
 * @param order indices into the request's documents, best first
 */
public record RerankResult(String model, boolean reranked, List<Integer> order) {

  public RerankResult {
    order = List.copyOf(order);
  }
}
