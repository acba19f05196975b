package dev.rag.contracts.retrieval;

import java.util.List;

/**
 * The answer to {@code POST /v1/retrieve}.
 *
 * @param mode the mode requested
 * @param hits best first
 * @param degraded true when a retriever failed and the hits come from the other one alone
 * @param degradedReasons why, one line per failed retriever (empty when not degraded)
 * @param embeddingModel the model that embedded the query (null when no dense search ran)
 * @param timings milliseconds spent per stage
 */
public record RetrieveResponse(
    String query,
    RetrievalMode mode,
    List<RetrievedChunk> hits,
    boolean degraded,
    List<String> degradedReasons,
    String embeddingModel,
    Timings timings) {

  /**
   * Wall-clock milliseconds: query embedding, each search (they overlap), and the whole request.
   */
  public record Timings(double embedMs, double denseMs, double bm25Ms, double totalMs) {}
}
