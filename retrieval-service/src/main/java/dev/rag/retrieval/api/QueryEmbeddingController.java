package dev.rag.retrieval.api;

import dev.rag.contracts.embedding.QueryEmbeddingRequest;
import dev.rag.contracts.embedding.QueryEmbeddingResponse;
import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import dev.rag.retrieval.config.RetrievalProperties;
import dev.rag.retrieval.search.QueryEmbedder;
import dev.rag.retrieval.search.QueryVector;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/query-embeddings}: a query's vector as {@code /v1/retrieve} computes it, from the
 * same cache. Internal (service token only; the gateway does not route it): the gateway's semantic
 * answer cache embeds questions here, so the retrieval of the same question that follows is a cache
 * hit instead of a second model run.
 */
@RestController
class QueryEmbeddingController {

  private final QueryEmbedder embedder;
  private final int maxChars;

  QueryEmbeddingController(QueryEmbedder embedder, RetrievalProperties properties) {
    this.embedder = embedder;
    this.maxChars = properties.maxQueryChars();
  }

  @Operation(
      summary = "Embed a query (internal)",
      description =
          "The query's unit vector from the in-process query model, shared with /v1/retrieve's "
              + "query cache; 503 when the model is unavailable.")
  @PostMapping(QueryEmbeddingRequest.PATH)
  QueryEmbeddingResponse embed(@RequestBody QueryEmbeddingRequest request) {
    String query = RetrieveRequestCheck.query(request == null ? null : request.query(), maxChars);
    if (!embedder.model().available()) {
      throw new ApiException(
          ProblemType.UPSTREAM_UNAVAILABLE, embedder.model().unavailableReason());
    }
    QueryVector vector = embedder.embed(query);
    return new QueryEmbeddingResponse(vector.modelId(), vector.vector(), vector.cached());
  }
}
