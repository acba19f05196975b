package dev.rag.retrieval.api;

import dev.rag.contracts.embedding.QueryEmbeddingRequest;
import dev.rag.contracts.embedding.QueryEmbeddingResponse;
import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import dev.rag.retrieval.config.RetrievalProperties;
import dev.rag.retrieval.search.QueryEmbedder;
import dev.rag.retrieval.search.QueryVector;
import dev.rag.retrieval.search.SearchPool;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  private final SearchPool pool;
  private final int maxChars;
  private final Duration timeout;

  QueryEmbeddingController(
      QueryEmbedder embedder, SearchPool pool, RetrievalProperties properties) {
    this.embedder = embedder;
    this.pool = pool;
    this.maxChars = properties.maxQueryChars();
    this.timeout = properties.searchTimeout();
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
    QueryVector vector = onThePool(query);
    return new QueryEmbeddingResponse(vector.modelId(), vector.vector(), vector.cached());
  }

  /** The model call runs on the search pool: it is native and must not pin a request thread. */
  private QueryVector onThePool(String query) {
    Future<QueryVector> embedding;
    try {
      embedding = pool.submit(() -> embedder.embed(query));
    } catch (RejectedExecutionException e) {
      throw new ApiException(ProblemType.UPSTREAM_UNAVAILABLE, "search queue full, retry shortly");
    }
    try {
      return embedding.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      embedding.cancel(true);
      throw new ApiException(
          ProblemType.UPSTREAM_TIMEOUT,
          "query embedding took longer than rag.retrieval.search-timeout (" + timeout + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ProblemType.UPSTREAM_UNAVAILABLE, "interrupted");
    } catch (ExecutionException e) {
      throw new ApiException(
          ProblemType.UPSTREAM_UNAVAILABLE, "query embedding failed: " + e.getCause(), e);
    }
  }
}
