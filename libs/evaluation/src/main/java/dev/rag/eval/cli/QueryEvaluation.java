package dev.rag.eval.cli;

import dev.rag.contracts.retrieval.RetrieveRequest;
import dev.rag.contracts.retrieval.RetrieveResponse;
import dev.rag.contracts.retrieval.RetrievedChunk;
import dev.rag.eval.beir.JudgedQuery;
import dev.rag.eval.metrics.ChunkHit;
import dev.rag.eval.metrics.DocumentRanking;
import dev.rag.eval.platform.PlatformClient;
import dev.rag.eval.platform.PlatformException;
import dev.rag.eval.platform.RerankResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs every query through every mode with a small pool. One task is one query in all modes in
 * turn, so the modes see the same load and their latencies compare; {@code hybrid+rerank} reuses
 * that query's hybrid hits rather than retrieving them again.
 */
final class QueryEvaluation {

  private final PlatformClient platform;
  private final String collection;
  private final Set<EvalMode> modes;
  private final int depth;
  private final int rerankDepth;
  private final int concurrency;

  QueryEvaluation(
      PlatformClient platform,
      String collection,
      Set<EvalMode> modes,
      int depth,
      int rerankDepth,
      int concurrency) {
    this.platform = platform;
    this.collection = collection;
    this.modes = modes;
    this.depth = depth;
    this.rerankDepth = rerankDepth;
    this.concurrency = concurrency;
  }

  /** The attempts of each query, in the order of {@code queries}. */
  List<Map<EvalMode, ModeAttempt>> run(List<JudgedQuery> queries, PrintStream err)
      throws InterruptedException {
    List<Map<EvalMode, ModeAttempt>> results = new ArrayList<>(queries.size());
    queries.forEach(q -> results.add(null));
    AtomicInteger failedRequests = new AtomicInteger();
    int step = Math.max(1, queries.size() / 20);
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
      var completion = new ExecutorCompletionService<Integer>(pool);
      for (int i = 0; i < queries.size(); i++) {
        int index = i;
        completion.submit(
            () -> {
              Map<EvalMode, ModeAttempt> attempts = evaluate(queries.get(index).query().text());
              attempts.values().stream()
                  .filter(a -> !a.ok())
                  .forEach(a -> failedRequests.incrementAndGet());
              results.set(index, attempts);
              return index;
            });
      }
      for (int done = 1; done <= queries.size(); done++) {
        try {
          completion.take().get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("query task failed unexpectedly", e.getCause());
        }
        if (done % step == 0 || done == queries.size()) {
          err.printf(
              "queries %d/%d done, %d failed requests, %.0f s%n",
              done, queries.size(), failedRequests.get(), (System.nanoTime() - start) / 1e9);
        }
      }
    }
    return results;
  }

  /**
   * One request before the run: when the platform is down or refuses the request shape (say, a
   * depth it does not allow), every query would fail alike; better one clear error.
   */
  void preflight(String query) throws PlatformException {
    EvalMode first =
        modes.stream().filter(m -> m != EvalMode.HYBRID_RERANK).findFirst().orElse(EvalMode.HYBRID);
    try {
      platform.retrieve(
          new RetrieveRequest(
              query, null, collection, null, depth, first.retrieval(), depth, null));
    } catch (PlatformException e) {
      throw new PlatformException(
          e.status(),
          "the first query failed in mode " + first.label() + ", so would all: " + e.getMessage(),
          e);
    }
  }

  /** One query in every selected mode; never throws for a platform failure. */
  Map<EvalMode, ModeAttempt> evaluate(String query) {
    Map<EvalMode, ModeAttempt> attempts = new EnumMap<>(EvalMode.class);
    List<RetrievedChunk> hybridHits = null;
    for (EvalMode mode : List.of(EvalMode.BM25, EvalMode.DENSE, EvalMode.HYBRID)) {
      if (!modes.contains(mode)
          && !(mode == EvalMode.HYBRID && modes.contains(EvalMode.HYBRID_RERANK))) {
        continue;
      }
      long t0 = System.nanoTime();
      try {
        RetrieveResponse response =
            platform.retrieve(
                new RetrieveRequest(
                    query, null, collection, null, depth, mode.retrieval(), depth, null));
        double ms = (System.nanoTime() - t0) / 1e6;
        List<RetrievedChunk> hits = inRankOrder(response.hits());
        if (mode == EvalMode.HYBRID) {
          hybridHits = hits;
        }
        attempts.put(mode, ModeAttempt.success(collapse(hits), ms, response.degraded()));
      } catch (PlatformException e) {
        attempts.put(mode, ModeAttempt.failed(e.reason(), (System.nanoTime() - t0) / 1e6));
      } catch (IllegalArgumentException e) {
        attempts.put(
            mode,
            ModeAttempt.failed(
                "unusable response: " + e.getMessage(), (System.nanoTime() - t0) / 1e6));
      }
    }
    if (modes.contains(EvalMode.HYBRID_RERANK)) {
      attempts.put(
          EvalMode.HYBRID_RERANK, rerank(query, hybridHits, attempts.get(EvalMode.HYBRID)));
    }
    if (!modes.contains(EvalMode.HYBRID)) {
      attempts.remove(EvalMode.HYBRID);
    }
    return attempts;
  }

  /**
   * The hybrid list with its first {@code rerankDepth} chunks reordered by the cross-encoder and
   * the rest behind them unchanged, so Recall@100 still sees the full depth.
   */
  private ModeAttempt rerank(String query, List<RetrievedChunk> hybridHits, ModeAttempt hybrid) {
    if (hybridHits == null) {
      return ModeAttempt.failed("hybrid retrieval failed: " + hybrid.failure(), hybrid.latencyMs());
    }
    List<RetrievedChunk> head = hybridHits.subList(0, Math.min(rerankDepth, hybridHits.size()));
    if (head.isEmpty()) {
      return ModeAttempt.success(
          new DocumentRanking(List.of()), hybrid.latencyMs(), hybrid.degraded());
    }
    long t0 = System.nanoTime();
    try {
      RerankResult result =
          platform.rerank(query, head.stream().map(RetrievedChunk::text).toList(), head.size());
      double ms = hybrid.latencyMs() + (System.nanoTime() - t0) / 1e6;
      List<RetrievedChunk> reordered = new ArrayList<>(hybridHits.size());
      boolean[] placed = new boolean[head.size()];
      for (int index : result.order()) {
        if (!placed[index]) {
          placed[index] = true;
          reordered.add(head.get(index));
        }
      }
      for (int i = 0; i < head.size(); i++) {
        if (!placed[i]) {
          reordered.add(head.get(i)); // not returned: keep the fused order behind the reranked ones
        }
      }
      reordered.addAll(hybridHits.subList(head.size(), hybridHits.size()));
      return ModeAttempt.success(collapse(reordered), ms, hybrid.degraded());
    } catch (PlatformException e) {
      return ModeAttempt.failed(e.reason(), hybrid.latencyMs() + (System.nanoTime() - t0) / 1e6);
    }
  }

  /**
   * The hits in their {@code rank} order. A stable sort: the response order already is that order,
   * and it wins any tie.
   */
  static List<RetrievedChunk> inRankOrder(List<RetrievedChunk> hits) {
    return hits == null
        ? List.of()
        : hits.stream().sorted(Comparator.comparingInt(RetrievedChunk::rank)).toList();
  }

  /** Chunk hits, best first, to documents by their best (first) chunk. */
  static DocumentRanking collapse(List<RetrievedChunk> hits) {
    List<ChunkHit> chunks = new ArrayList<>(hits.size());
    for (RetrievedChunk hit : hits) {
      chunks.add(new ChunkHit(hit.documentId(), hit.score()));
    }
    return DocumentRanking.collapse(chunks);
  }
}
