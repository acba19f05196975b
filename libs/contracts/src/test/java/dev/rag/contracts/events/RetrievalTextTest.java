package dev.rag.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetrievalTextTest {

  @Test
  void aChunkFromTheMiddleOfADocumentIsHeadedByTheTitle() {
    assertThat(RetrievalText.of("Vitamin D and bone density", "The trial enrolled 300 adults."))
        .isEqualTo("Vitamin D and bone density\nThe trial enrolled 300 adults.");
  }

  @Test
  void aChunkThatAlreadyBeginsWithTheTitleIsLeftAsItIs() {
    String first = "Vitamin D and bone density\n\nWe studied whether supplements help.";
    assertThat(RetrievalText.of("Vitamin D and bone density", first)).isSameAs(first);
    String spelledDifferently = "  VITAMIN D AND BONE DENSITY: a trial\nWe studied it.";
    assertThat(RetrievalText.of("  vitamin d and bone density ", spelledDifferently))
        .isSameAs(spelledDifferently);
  }

  @Test
  void withoutATitleTheTextIsAllThereIs() {
    assertThat(RetrievalText.of(null, "text")).isEqualTo("text");
    assertThat(RetrievalText.of("", "text")).isEqualTo("text");
    assertThat(RetrievalText.of(" \t\n", "text")).isEqualTo("text");
  }

  @Test
  void aHugeTitleIsCutSoItCannotCrowdTheChunkOut() {
    String title = "a".repeat(RetrievalText.MAX_TITLE_CHARS - 1) + "😀" + "b".repeat(10_000);
    String indexed = RetrievalText.of(title, "the chunk");
    assertThat(indexed).endsWith("\nthe chunk");
    String header = indexed.substring(0, indexed.indexOf('\n'));
    // The emoji straddles the limit: cut before it rather than leave half a surrogate pair.
    assertThat(header).isEqualTo("a".repeat(RetrievalText.MAX_TITLE_CHARS - 1));
    assertThat(RetrievalText.of("b".repeat(5_000), "x")).hasSize(RetrievalText.MAX_TITLE_CHARS + 2);
  }

  @Test
  void theChunkEventCarriesTheSameRepresentation() {
    Chunk chunk = new Chunk("body", "Title", null, List.of(), null, 0, 4, 1, Map.of());
    assertThat(chunk.retrievalText()).isEqualTo("Title\nbody");
    assertThat(chunk.text()).isEqualTo("body");
  }
}
