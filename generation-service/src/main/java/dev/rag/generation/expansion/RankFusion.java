package dev.rag.generation.expansion;

import dev.rag.contracts.retrieval.RetrieveResponse;
import dev.rag.contracts.retrieval.RetrievedChunk;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal Rank Fusion of several result lists: a chunk scores the sum of 1/(k + rank) over the
 * lists that hold it, so agreement between queries counts and no list's raw scores need to be
 * comparable with another's. Ties keep the first list's order.
 */
final class RankFusion {

  private RankFusion() {}

  /**
   * The fused list (at most {@code limit} hits, ranks renumbered, {@code score} the fused score),
   * degraded when any list was; the first response's query, mode and timings.
   */
  static RetrieveResponse fuse(List<RetrieveResponse> responses, int limit, int k) {
    Map<String, Double> scores = new LinkedHashMap<>();
    Map<String, RetrievedChunk> chunks = new LinkedHashMap<>();
    List<String> reasons = new ArrayList<>();
    boolean degraded = false;
    for (RetrieveResponse response : responses) {
      List<RetrievedChunk> hits = response.hits() == null ? List.of() : response.hits();
      for (int i = 0; i < hits.size(); i++) {
        RetrievedChunk hit = hits.get(i);
        scores.merge(hit.chunkId(), 1.0 / (k + i + 1), Double::sum);
        chunks.putIfAbsent(hit.chunkId(), hit);
      }
      degraded |= response.degraded();
      if (response.degradedReasons() != null) {
        response.degradedReasons().stream().filter(r -> !reasons.contains(r)).forEach(reasons::add);
      }
    }
    List<String> order = new ArrayList<>(scores.keySet());
    order.sort((a, b) -> Double.compare(scores.get(b), scores.get(a)));
    List<RetrievedChunk> fused = new ArrayList<>();
    for (String id : order.subList(0, Math.min(limit, order.size()))) {
      RetrievedChunk c = chunks.get(id);
      fused.add(
          new RetrievedChunk(
              fused.size() + 1,
              c.chunkId(),
              c.collection(),
              c.documentId(),
              c.version(),
              c.ordinal(),
              c.title(),
              c.sourceUri(),
              c.sectionPath(),
              c.page(),
              c.startOffset(),
              c.endOffset(),
              c.text(),
              c.metadata(),
              scores.get(id),
              c.denseRank(),
              c.denseScore(),
              c.bm25Rank(),
              c.bm25Score()));
    }
    RetrieveResponse first = responses.getFirst();
    return new RetrieveResponse(
        first.query(),
        first.mode(),
        fused,
        degraded,
        reasons,
        first.embeddingModel(),
        first.timings());
  }
}
