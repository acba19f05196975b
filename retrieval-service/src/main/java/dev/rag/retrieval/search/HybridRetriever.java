package dev.rag.retrieval.search;

import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import dev.rag.contracts.retrieval.RetrievalMode;
import dev.rag.contracts.retrieval.RetrieveResponse;
import dev.rag.contracts.retrieval.RetrievedChunk;
import dev.rag.retrieval.config.RetrievalProperties;
import dev.rag.retrieval.fusion.FusedHit;
import dev.rag.retrieval.fusion.ReciprocalRankFusion;
import dev.rag.retrieval.index.ChunkKey;
import dev.rag.retrieval.index.CollectionState;
import dev.rag.retrieval.index.DenseHit;
import dev.rag.retrieval.index.DenseQuery;
import dev.rag.retrieval.index.DenseStore;
import dev.rag.retrieval.index.LexicalHit;
import dev.rag.retrieval.index.StoredChunk;
import dev.rag.retrieval.index.lucene.LuceneChunkIndex;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Answers a {@link RetrievalQuery}: BM25 and dense search run in parallel (each {@code depth()}
 * deep, the metadata filter inside both), and hybrid mode fuses the two rankings with {@link
 * ReciprocalRankFusion}. Only the final top k are read from the stored fields.
 *
 * <p>The two searches run on the {@link SearchPool} (the dense leg embeds the query with the
 * in-process model first); a leg the pool refuses degrades like a failed one.
 *
 * <p>Degradation: in hybrid mode a retriever that fails or runs past {@code
 * rag.retrieval.search-timeout} (query model unavailable, pgvector down) is dropped and the answer
 * comes from the other one alone, with {@code degraded: true}, a reason, and a count in {@code
 * rag.retrieval.degraded}. A single-retriever mode whose retriever fails, or a hybrid request whose
 * retrievers both fail, is a 503 problem.
 */
@Component
public class HybridRetriever {

  private static final Logger log = LoggerFactory.getLogger(HybridRetriever.class);

  private final LuceneChunkIndex index;
  private final DenseStore denseStore;
  private final QueryEmbedder embedder;
  private final ReciprocalRankFusion fusion;
  private final Duration searchTimeout;
  private final MeterRegistry registry;
  private final SearchPool searches;

  public HybridRetriever(
      LuceneChunkIndex index,
      DenseStore denseStore,
      QueryEmbedder embedder,
      RetrievalProperties properties,
      SearchPool searches,
      MeterRegistry registry) {
    this.index = index;
    this.denseStore = denseStore;
    this.embedder = embedder;
    this.fusion = new ReciprocalRankFusion(properties.rrfK());
    this.searchTimeout = properties.searchTimeout();
    this.registry = registry;
    this.searches = searches;
    // Registered at zero so dashboards and alerts see the series before the first failure.
    degradedCounter("bm25");
    degradedCounter("dense");
  }

  public RetrieveResponse retrieve(RetrievalQuery query) {
    long start = System.nanoTime();
    Map<String, CollectionState> known = index.collections();
    for (String collection : new TreeSet<>(query.collections())) {
      if (!known.containsKey(collection)) {
        throw ApiException.notFound("collection", collection)
            .with("hint", "nothing has been indexed in it; upload documents first");
      }
    }
    RetrievalMode mode = query.mode();
    Future<LexicalLeg> lexical =
        mode == RetrievalMode.DENSE
            ? null
            : searches.submit(() -> lexical(query), LexicalLeg::failed);
    Future<DenseLeg> dense =
        mode == RetrievalMode.BM25
            ? null
            : searches.submit(() -> dense(query, known), DenseLeg::failed);
    long deadline = start + searchTimeout.toNanos();
    LexicalLeg bm25 =
        lexical == null ? LexicalLeg.NOT_RUN : await(lexical, deadline, LexicalLeg::failed);
    DenseLeg vectors = dense == null ? DenseLeg.NOT_RUN : await(dense, deadline, DenseLeg::failed);

    List<String> failures = new ArrayList<>();
    if (bm25.failure() != null) {
      failures.add(bm25.failure());
      degradedCounter("bm25").increment();
    }
    if (vectors.failure() != null) {
      failures.add(vectors.failure());
      degradedCounter("dense").increment();
    }
    boolean nothingAnswered =
        (lexical == null || bm25.failure() != null) && (dense == null || vectors.failure() != null);
    if (nothingAnswered) {
      boolean timedOut = failures.stream().allMatch(f -> f.contains("timed out"));
      var problem =
          new ApiException(
                  timedOut ? ProblemType.UPSTREAM_TIMEOUT : ProblemType.UPSTREAM_UNAVAILABLE,
                  "no retriever could answer: " + String.join("; ", failures))
              .with("reasons", failures);
      if (failures.stream().anyMatch(f -> f.contains(SearchPool.QUEUE_FULL))) {
        // Shedding at capacity: the client may come back, and the gateway's breaker stays shut.
        problem.retryAfter(SearchPool.RETRY_AFTER);
      }
      throw problem;
    }

    long fuseStart = System.nanoTime();
    List<FusedHit<ChunkKey>> ranked =
        fusion.fuse(
            List.of(
                vectors.hits().stream().map(DenseHit::key).toList(),
                bm25.hits().stream().map(LexicalHit::key).toList()));
    List<RetrievedChunk> hits =
        hydrate(ranked.subList(0, Math.min(query.k(), ranked.size())), mode, vectors, bm25);
    recordStage("fuse", millisSince(fuseStart));
    if (dense != null && vectors.failure() == null) {
      recordStage("embed", vectors.embedMs());
      recordStage("dense", vectors.searchMs());
    }
    if (lexical != null && bm25.failure() == null) {
      recordStage("bm25", bm25.searchMs());
    }
    double totalMs = millisSince(start);
    Timer.builder("rag.retrieval.search")
        .description("POST /v1/retrieve latency")
        .publishPercentileHistogram()
        .tag("mode", mode.wireName())
        .tag("degraded", Boolean.toString(!failures.isEmpty()))
        .register(registry)
        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    return new RetrieveResponse(
        query.text(),
        mode,
        hits,
        !failures.isEmpty(),
        failures,
        vectors.modelId(),
        new RetrieveResponse.Timings(
            vectors.embedMs(), vectors.searchMs(), bm25.searchMs(), totalMs));
  }

  private LexicalLeg lexical(RetrievalQuery query) {
    long start = System.nanoTime();
    try {
      List<LexicalHit> hits =
          index.bm25(query.text(), query.collections(), query.filters(), query.depth());
      return new LexicalLeg(hits, millisSince(start), null);
    } catch (RuntimeException e) {
      log.warn("BM25 search failed: {}", brief(e));
      return LexicalLeg.failed("bm25 search failed: " + e.getMessage());
    }
  }

  private DenseLeg dense(RetrievalQuery query, Map<String, CollectionState> known) {
    long start = System.nanoTime();
    QueryVector vector;
    try {
      vector = embedder.embed(query.text());
    } catch (RuntimeException e) {
      log.warn("query embedding failed, dense retrieval skipped: {}", brief(e));
      return DenseLeg.failed(
          "dense retrieval skipped: query embedding unavailable (" + brief(e) + ")");
    }
    double embedMs = millisSince(start);
    // Only collections whose vectors come from the query's model share its vector space.
    Set<String> comparable = new TreeSet<>();
    for (String collection : query.collections()) {
      CollectionState state = known.get(collection);
      if (state.hasVectorSpace() && state.sameSpace(vector.modelId(), vector.vector().length)) {
        comparable.add(collection);
      }
    }
    if (comparable.isEmpty()) {
      return new DenseLeg(
          List.of(),
          embedMs,
          0,
          vector.modelId(),
          "dense retrieval skipped: no searched collection holds vectors of model "
              + vector.modelId());
    }
    long searchStart = System.nanoTime();
    try {
      List<DenseHit> hits =
          denseStore.search(
              new DenseQuery(
                  vector.vector(),
                  comparable,
                  query.filters(),
                  query.depth(),
                  Math.max(query.efSearch(), query.depth())));
      return new DenseLeg(hits, embedMs, millisSince(searchStart), vector.modelId(), null);
    } catch (RuntimeException e) {
      log.warn("dense search failed: {}", brief(e));
      return new DenseLeg(
          List.of(),
          embedMs,
          millisSince(searchStart),
          vector.modelId(),
          "dense search failed: " + brief(e));
    }
  }

  private List<RetrievedChunk> hydrate(
      List<FusedHit<ChunkKey>> top, RetrievalMode mode, DenseLeg dense, LexicalLeg bm25) {
    Map<ChunkKey, Float> denseScores = new HashMap<>();
    dense.hits().forEach(hit -> denseScores.put(hit.key(), hit.score()));
    Map<ChunkKey, Float> bm25Scores = new HashMap<>();
    bm25.hits().forEach(hit -> bm25Scores.put(hit.key(), hit.score()));
    Map<ChunkKey, StoredChunk> stored = index.load(top.stream().map(FusedHit::item).toList());
    List<RetrievedChunk> hits = new ArrayList<>(top.size());
    for (FusedHit<ChunkKey> hit : top) {
      StoredChunk chunk = stored.get(hit.item());
      if (chunk == null) {
        continue; // a dense hit whose text the Lucene commit does not cover yet
      }
      Float denseScore = denseScores.get(hit.item());
      Float bm25Score = bm25Scores.get(hit.item());
      double score =
          switch (mode) {
            case HYBRID -> hit.score();
            case DENSE -> denseScore;
            case BM25 -> bm25Score;
          };
      hits.add(
          new RetrievedChunk(
              hits.size() + 1,
              chunk.id().toString(),
              chunk.collection(),
              chunk.id().documentId(),
              chunk.id().version(),
              chunk.id().ordinal(),
              chunk.title(),
              chunk.sourceUri(),
              chunk.sectionPath(),
              chunk.page(),
              chunk.startOffset(),
              chunk.endOffset(),
              chunk.text(),
              chunk.metadata(),
              score,
              hit.rankIn(0),
              denseScore == null ? null : denseScore.doubleValue(),
              hit.rankIn(1),
              bm25Score == null ? null : bm25Score.doubleValue()));
    }
    return hits;
  }

  private interface Failure<T> {
    T failed(String reason);
  }

  private static <T> T await(Future<T> leg, long deadlineNanos, Failure<T> onFailure) {
    try {
      return leg.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      leg.cancel(true);
      return onFailure.failed("search timed out");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      leg.cancel(true);
      return onFailure.failed("interrupted");
    } catch (ExecutionException e) {
      return onFailure.failed(brief(e.getCause()));
    }
  }

  /** One stage of a request: embed, dense, bm25, or fuse (fusion plus reading the top k). */
  private void recordStage(String stage, double millis) {
    Timer.builder("rag.retrieval.stage")
        .description("time per retrieval stage")
        .tag("stage", stage)
        .publishPercentileHistogram()
        .register(registry)
        .record((long) (millis * 1e6), TimeUnit.NANOSECONDS);
  }

  private Counter degradedCounter(String retriever) {
    return Counter.builder("rag.retrieval.degraded")
        .description("requests answered without a failed retriever")
        .tag("retriever", retriever)
        .register(registry);
  }

  /**
   * Class and first message line, plus the root cause's: HTTP clients wrap timeouts and resets in
   * vaguer types.
   */
  private static String brief(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? firstLine(e) : firstLine(e) + "; cause " + firstLine(root);
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName()
        + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
  }

  private static double millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }

  /** The BM25 side of one request. */
  private record LexicalLeg(List<LexicalHit> hits, double searchMs, String failure) {
    static final LexicalLeg NOT_RUN = new LexicalLeg(List.of(), 0, null);

    static LexicalLeg failed(String reason) {
      return new LexicalLeg(
          List.of(), 0, reason.startsWith("bm25") ? reason : "bm25 search failed: " + reason);
    }
  }

  /** The dense side of one request: embedding, then the vector search. */
  private record DenseLeg(
      List<DenseHit> hits, double embedMs, double searchMs, String modelId, String failure) {
    static final DenseLeg NOT_RUN = new DenseLeg(List.of(), 0, 0, null, null);

    static DenseLeg failed(String reason) {
      return new DenseLeg(
          List.of(),
          0,
          0,
          null,
          reason.startsWith("dense") ? reason : "dense retrieval failed: " + reason);
    }
  }
}
