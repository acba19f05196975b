package dev.rag.retrieval.api;

import dev.rag.contracts.embedding.QueryEmbeddingRequest;
import dev.rag.contracts.embedding.QueryEmbeddingResponse;
import dev.rag.contracts.embedding.QueryEmbeddingsRequest;
import dev.rag.contracts.embedding.QueryEmbeddingsResponse;
import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import dev.rag.retrieval.config.RetrievalProperties;
import dev.rag.retrieval.search.QueryEmbedder;
import dev.rag.retrieval.search.QueryVector;
import dev.rag.retrieval.search.SearchPool;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
    QueryVector vector = onThePool(() -> embedder.embed(query));
    return new QueryEmbeddingResponse(vector.modelId(), vector.vector(), vector.cached());
  }

  @Operation(
      summary = "Embed several queries (internal)",
      description =
          "Each query's unit vector exactly as /v1/query-embeddings computes it (same cache), the"
              + " uncached ones run side by side on the search pool; 1..64 queries; 503 when the"
              + " model is unavailable.")
  @PostMapping(QueryEmbeddingsRequest.PATH)
  QueryEmbeddingsResponse embedAll(@RequestBody QueryEmbeddingsRequest request) {
    List<String> queries = checked(request == null ? null : request.queries());
    if (!embedder.model().available()) {
      throw new ApiException(
          ProblemType.UPSTREAM_UNAVAILABLE, embedder.model().unavailableReason());
    }
    // One model run per distinct text, never a padded batch: the quantized model's activation
    // scales span the whole batch, so a batched vector would depend on its neighbours and differ
    // from the vector the same text gets alone (and the thresholds calibrated on those). The runs
    // go to the pool as one task per thread, each embedding its slice in turn: as parallel as one
    // task per text, but a batch takes a few queue places, not one per text (64 texts filled the
    // queue, so under load concurrent answers' batches were refused after work was spent on them).
    List<String> distinct = List.copyOf(new LinkedHashSet<>(queries));
    int sliceCount = Math.min(pool.threads(), distinct.size());
    List<List<String>> slices = new ArrayList<>(sliceCount);
    for (int s = 0; s < sliceCount; s++) {
      slices.add(new ArrayList<>());
    }
    for (int i = 0; i < distinct.size(); i++) {
      slices.get(i % sliceCount).add(distinct.get(i));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Future<List<QueryVector>>> running = new ArrayList<>(sliceCount);
    Map<String, QueryVector> done = new HashMap<>();
    try {
      for (List<String> slice : slices) {
        running.add(submit(() -> slice.stream().map(embedder::embed).toList()));
      }
      for (int s = 0; s < sliceCount; s++) {
        List<QueryVector> vectors = await(running.get(s), deadline - System.nanoTime());
        for (int i = 0; i < vectors.size(); i++) {
          done.put(slices.get(s).get(i), vectors.get(i));
        }
      }
    } catch (ApiException e) {
      running.forEach(f -> f.cancel(true)); // nothing more is spent on a batch already refused
      throw e;
    }
    List<QueryVector> vectors = queries.stream().map(done::get).toList();
    return new QueryEmbeddingsResponse(
        embedder.model().modelId(),
        vectors.stream().map(QueryVector::vector).toList(),
        (int) vectors.stream().filter(QueryVector::cached).count());
  }

  /** The batch's queries, each checked as {@code /v1/retrieve} checks one. */
  private List<String> checked(List<String> raw) {
    if (raw == null || raw.isEmpty()) {
      throw ApiException.invalid("queries", "name at least one query");
    }
    if (raw.size() > QueryEmbeddingsRequest.MAX_QUERIES) {
      throw ApiException.invalid(
              "queries",
              raw.size() + " queries; at most " + QueryEmbeddingsRequest.MAX_QUERIES + " per call")
          .with("limit", QueryEmbeddingsRequest.MAX_QUERIES);
    }
    List<String> queries = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      try {
        queries.add(RetrieveRequestCheck.query(raw.get(i), maxChars));
      } catch (ApiException e) {
        throw ApiException.invalid(
            "queries[" + i + "]", e.getMessage().replaceFirst("^query: ", ""));
      }
    }
    return queries;
  }

  /** The model call runs on the search pool: it is native and must not pin a request thread. */
  private QueryVector onThePool(Callable<QueryVector> work) {
    return await(submit(work), timeout.toNanos());
  }

  private <T> Future<T> submit(Callable<T> work) {
    try {
      return pool.submit(work);
    } catch (RejectedExecutionException e) {
      throw new ApiException(ProblemType.UPSTREAM_UNAVAILABLE, SearchPool.QUEUE_FULL)
          .retryAfter(SearchPool.RETRY_AFTER);
    }
  }

  private <T> T await(Future<T> embedding, long nanos) {
    try {
      return embedding.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
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
