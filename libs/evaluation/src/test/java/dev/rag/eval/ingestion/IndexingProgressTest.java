package dev.rag.eval.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.eval.platform.DocumentStatus;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IndexingProgressTest {

  private final Set<String> corpus = new LinkedHashSet<>(List.of("d1", "d2", "d3", "d4"));

  @Test
  void countsIndexedFailedAndPendingCorpusDocuments() {
    IndexingProgress progress =
        IndexingProgress.of(
            corpus,
            List.of(
                new DocumentStatus("d1", "INDEXED"), new DocumentStatus("d2", "INGESTING"),
                new DocumentStatus("d3", "FAILED"), new DocumentStatus("other", "INDEXED")));
    assertThat(progress.indexed()).isEqualTo(1);
    assertThat(progress.failed()).isEqualTo(1);
    assertThat(progress.pending()).isEqualTo(2); // d2 still ingesting, d4 not even registered
    assertThat(progress.pendingSample()).containsExactly("d2", "d4");
    assertThat(progress.complete()).isFalse();
    assertThat(progress.line()).isEqualTo("indexed 1/4 documents, 1 failed, 2 pending");
  }

  @Test
  void isCompleteWhenEveryDocumentReachedAFinalState() {
    IndexingProgress progress =
        IndexingProgress.of(
            corpus,
            List.of(
                new DocumentStatus("d1", "INDEXED"), new DocumentStatus("d2", "INDEXED"),
                new DocumentStatus("d3", "FAILED"), new DocumentStatus("d4", "INDEXED")));
    assertThat(progress.complete()).isTrue();
    assertThat(progress.indexed()).isEqualTo(3);
  }

  @Test
  void anUnknownCollectionIsAllPending() {
    IndexingProgress progress = IndexingProgress.of(corpus, List.of());
    assertThat(progress.pending()).isEqualTo(4);
    assertThat(progress.complete()).isFalse();
  }
}
