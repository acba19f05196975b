package dev.rag.contracts.events;

import java.util.List;
import java.util.Map;

/**
 * A piece of a document small enough to embed, with everything an answer needs to cite it: the
 * section path (headings from the root), the page where the format has pages, and the character
 * offsets of the chunk inside the document's extracted text.
 */
public record Chunk(
    String text,
    String title,
    String sourceUri,
    List<String> sectionPath,
    Integer page,
    int startOffset,
    int endOffset,
    int tokenCount,
    Map<String, String> metadata) {

  public Chunk {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("chunk text must not be empty");
    }
    if (startOffset < 0 || endOffset < startOffset) {
      throw new IllegalArgumentException(
          "offsets must satisfy 0 <= start <= end, were " + startOffset + ", " + endOffset);
    }
    sectionPath = sectionPath == null ? List.of() : List.copyOf(sectionPath);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** What the retrievers index for this chunk ({@link RetrievalText}): the title, then the text. */
  public String retrievalText() {
    return RetrievalText.of(title, text);
  }
}
