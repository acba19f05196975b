package dev.rag.contracts.rerank;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer to {@code POST /v1/rerank}: results best first. {@code reranked} is false (and every
 * score null) when no model is configured: the input order is returned unchanged.
 */
public record RerankResponse(String id, String model, boolean reranked, List<Result> results) {

  /** One input document: its index in the request, its score, its text if asked for. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Result(
      int index, @JsonProperty("relevance_score") Float relevanceScore, Document document) {}

  /** The echoed document. */
  public record Document(String text) {}
}
