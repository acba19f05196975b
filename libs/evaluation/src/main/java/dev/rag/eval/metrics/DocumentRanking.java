package dev.rag.eval.metrics;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Documents best first, each once. Retrieval returns chunks; BEIR judges documents. A document
 * takes the place and score of its best chunk, which in a list ranked best first is its first
 * occurrence; later chunks of the same document are dropped (MaxP, Dai and Callan 2019).
 *
 * <p>Ties: the order given is final. Two chunks with equal scores stay in the order the platform
 * returned them, so the result never depends on hash order or on document ids.
 *
 * @param documentIds distinct document ids, best first
 */
public record DocumentRanking(List<String> documentIds) {

  public DocumentRanking {
    if (documentIds == null) {
      throw new IllegalArgumentException("documentIds must not be null");
    }
    documentIds = List.copyOf(documentIds);
    Set<String> seen = new HashSet<>();
    for (String id : documentIds) {
      if (!seen.add(id)) {
        throw new IllegalArgumentException("document '" + id + "' appears twice in a ranking");
      }
    }
  }

  /** Collapses chunk hits (best first) to documents by their first, that is best, chunk. */
  public static DocumentRanking collapse(List<ChunkHit> hits) {
    return new DocumentRanking(List.copyOf(bestChunkScores(hits).keySet()));
  }

  /**
   * Each document's score, that of its best (first) chunk, in ranking order. For reports and
   * debugging; the metrics read only the order.
   */
  public static Map<String, Double> bestChunkScores(List<ChunkHit> hits) {
    Map<String, Double> best = new LinkedHashMap<>();
    for (ChunkHit hit : hits) {
      best.putIfAbsent(hit.documentId(), hit.score());
    }
    return best;
  }

  /** The first {@code k} documents (all of them when fewer). */
  public List<String> top(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, was " + k);
    }
    return documentIds.subList(0, Math.min(k, documentIds.size()));
  }

  public int size() {
    return documentIds.size();
  }
}
