package dev.rag.eval.beir;

import dev.rag.eval.metrics.Judgements;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * All relevance judgements of a dataset split, by query id, in file order.
 *
 * @param byQuery query id → that query's judgements
 */
public record Qrels(Map<String, Judgements> byQuery) {

  public Qrels {
    if (byQuery == null) {
      throw new IllegalArgumentException("byQuery must not be null");
    }
    byQuery = Collections.unmodifiableMap(new LinkedHashMap<>(byQuery));
  }

  public Optional<Judgements> of(String queryId) {
    return Optional.ofNullable(byQuery.get(queryId));
  }

  /** Number of judged (query, document) pairs. */
  public int pairs() {
    return byQuery.values().stream().mapToInt(j -> j.grades().size()).sum();
  }
}
