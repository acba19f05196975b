package dev.rag.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentRankingTest {

  @Test
  void collapsesChunksToDocumentsByTheirBestChunk() {
    List<ChunkHit> hits =
        List.of(
            new ChunkHit("d1", 0.9),
            new ChunkHit("d2", 0.8),
            new ChunkHit("d1", 0.7),
            new ChunkHit("d3", 0.6),
            new ChunkHit("d2", 0.5));
    assertThat(DocumentRanking.collapse(hits).documentIds()).containsExactly("d1", "d2", "d3");
    assertThat(DocumentRanking.bestChunkScores(hits))
        .containsExactly(Map.entry("d1", 0.9), Map.entry("d2", 0.8), Map.entry("d3", 0.6));
  }

  @Test
  void tiedScoresKeepTheOrderTheyWereGivenIn() {
    List<ChunkHit> tied = List.of(new ChunkHit("d2", 0.5), new ChunkHit("d1", 0.5));
    assertThat(DocumentRanking.collapse(tied).documentIds()).containsExactly("d2", "d1");
    assertThat(DocumentRanking.collapse(tied.reversed()).documentIds()).containsExactly("d1", "d2");
    // and the metric follows that order deterministically, whatever the ids sort to
    Judgements d1Relevant = new Judgements(Map.of("d1", 1));
    assertThat(new ReciprocalRankAtK(10).score(DocumentRanking.collapse(tied), d1Relevant))
        .isEqualTo(0.5);
    assertThat(
            new ReciprocalRankAtK(10).score(DocumentRanking.collapse(tied.reversed()), d1Relevant))
        .isEqualTo(1.0);
  }

  @Test
  void collapsingBeforeCuttingLetsDeepChunkListsFillTheDocumentCutoff() {
    // 6 chunks of 3 documents: the 3 documents fill a cut-off of 3 that 3 chunks would not
    List<ChunkHit> hits =
        List.of(
            new ChunkHit("a", 6),
            new ChunkHit("a", 5),
            new ChunkHit("a", 4),
            new ChunkHit("b", 3),
            new ChunkHit("b", 2),
            new ChunkHit("c", 1));
    DocumentRanking ranking = DocumentRanking.collapse(hits);
    assertThat(ranking.top(3)).containsExactly("a", "b", "c");
    assertThat(new RecallAtK(3).score(ranking, new Judgements(Map.of("c", 1)))).isEqualTo(1.0);
  }

  @Test
  void topReturnsAllWhenShorterThanK() {
    assertThat(new DocumentRanking(List.of("a", "b")).top(100)).containsExactly("a", "b");
  }

  @Test
  void rejectsDuplicatesAndEmptyIds() {
    assertThatThrownBy(() -> new DocumentRanking(List.of("a", "b", "a")))
        .hasMessageContaining("'a' appears twice");
    assertThatThrownBy(() -> new ChunkHit("", 1.0)).hasMessageContaining("documentId");
    assertThatThrownBy(() -> new DocumentRanking(List.of("a")).top(0))
        .hasMessageContaining("k must be >= 1, was 0");
  }
}
