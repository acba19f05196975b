package dev.rag.retrieval.search;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Embeds queries with the in-process {@link QueryModel}, remembering recent ones (an evaluation
 * asks the same query in several modes; users repeat queries; the gateway's semantic cache embeds a
 * question through {@code POST /v1/query-embeddings} just before the answer's retrieval embeds it
 * again), up to {@code rag.retrieval.query-cache-size} entries, least recently used evicted.
 *
 * <p>Metric {@code rag.retrieval.query.embeddings}, tagged {@code cache} = {@code hit} or {@code
 * miss}: every miss is one model run, so the pair shows how often a question was embedded.
 */
public final class QueryEmbedder {

  private final QueryModel model;
  private final Map<String, QueryVector> recent;
  private final Counter hits;
  private final Counter misses;
  private final ObservationRegistry observations;

  public QueryEmbedder(QueryModel model, int cacheSize, MeterRegistry registry) {
    this(model, cacheSize, registry, ObservationRegistry.NOOP);
  }

  /**
   * @param observations each model run is observed as {@code rag.retrieval.query.embed}, so a trace
   *     shows where a question's time went even though no service call is made
   */
  public QueryEmbedder(
      QueryModel model, int cacheSize, MeterRegistry registry, ObservationRegistry observations) {
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cacheSize must be >= 0, was " + cacheSize);
    }
    this.model = model;
    this.recent =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, QueryVector> eldest) {
            return size() > cacheSize;
          }
        };
    this.hits = counter(registry, "hit");
    this.misses = counter(registry, "miss");
    this.observations = observations;
  }

  /**
   * The query's unit vector, {@link QueryVector#cached()} telling whether the model ran.
   *
   * @throws IllegalStateException when the model is unavailable; callers degrade to BM25
   */
  public QueryVector embed(String query) {
    synchronized (recent) {
      QueryVector known = recent.get(query);
      if (known != null) {
        hits.increment();
        return known.asCached();
      }
    }
    float[] vector =
        Observation.createNotStarted("rag.retrieval.query.embed", observations)
            .observe(() -> model.embed(query));
    misses.increment();
    QueryVector fresh = new QueryVector(vector, model.modelId(), false);
    synchronized (recent) {
      recent.put(query, fresh);
    }
    return fresh;
  }

  /** The model behind this embedder (its id, or why it is unavailable). */
  public QueryModel model() {
    return model;
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("rag.retrieval.query.embeddings")
        .description("query embeddings asked for, by cache outcome (a miss is one model run)")
        .tag("cache", outcome)
        .register(registry);
  }
}
