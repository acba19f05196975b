package dev.rag.encoders.chunking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.encoders.chunking.StructuredDocument.Section;
import dev.rag.encoders.chunking.StructuredDocument.TableSpan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tables are cut between rows: no chunk starts or ends inside a row, overlap included. */
class TableChunkingTest {

  static final TokenCounter WORDS = DocumentChunkerTest.WORDS;

  @Test
  void cutsATableOnlyBetweenRowsAndEveryRowKeepsItsColumnNames() {
    StringBuilder text = new StringBuilder("Prices\n\n");
    int tableStart = text.length();
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String row =
          "Product: item"
              + i
              + " | Price: "
              + (10 + i)
              + ".50 | Region: North. Stock: "
              + (i * 3)
              + "\n";
      rows.add(row.strip());
      text.append(row);
    }
    int tableEnd = text.length();
    text.append("\nPrices change every quarter. Ask the sales team for details.");
    String full = text.toString();
    var document =
        new StructuredDocument(
            full,
            List.of(new Section(List.of("Prices"), 0, full.length())),
            List.of(),
            List.of(new TableSpan(tableStart, tableEnd)));

    List<TextChunk> chunks =
        new DocumentChunker(WORDS, new ChunkingOptions(60, 0.15, 510)).chunk(document);

    assertThat(chunks).hasSizeGreaterThan(5);
    for (TextChunk chunk : chunks) {
      assertThat(chunk.sectionPath()).containsExactly("Prices");
      for (String line : chunk.text().split("\n")) {
        if (!line.isBlank()
            && !line.equals("Prices")
            && !line.startsWith("Prices change")
            && !line.startsWith("Ask the sales")) {
          assertThat(rows).as("a whole row in chunk %d", chunk.ordinal()).contains(line);
        }
      }
    }
    // The row a question asks about is found whole, with its column names, in some chunk.
    assertThat(chunks)
        .anySatisfy(
            c -> assertThat(c.text()).contains("Product: item42 | Price: 52.50 | Region: North"));
    // Every row is covered, and the prose after the table is kept.
    for (String row : rows) {
      assertThat(chunks).anySatisfy(c -> assertThat(c.text()).contains(row));
    }
    assertThat(chunks.getLast().text()).endsWith("Ask the sales team for details.");
  }

  @Test
  void cutsARowLongerThanTheTargetLikeProse() {
    String row = "Note: " + "word ".repeat(120).strip() + "\n";
    var document =
        new StructuredDocument(row, List.of(), List.of(), List.of(new TableSpan(0, row.length())));
    List<TextChunk> chunks =
        new DocumentChunker(WORDS, new ChunkingOptions(50, 0.0, 510)).chunk(document);
    assertThat(chunks).hasSizeGreaterThan(1);
    assertThat(chunks).allSatisfy(c -> assertThat(c.tokenCount()).isLessThanOrEqualTo(50));
  }

  @Test
  void refusesTablesOutOfOrderOrPastTheText() {
    assertThatThrownBy(
            () ->
                new StructuredDocument(
                    "abc", List.of(), List.of(), List.of(new TableSpan(0, 2), new TableSpan(1, 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tables must be ordered");
    assertThatThrownBy(
            () -> new StructuredDocument("abc", List.of(), List.of(), List.of(new TableSpan(0, 9))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
