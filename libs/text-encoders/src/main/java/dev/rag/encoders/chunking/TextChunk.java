package dev.rag.encoders.chunking;

import java.util.List;

/**
 * One chunk of a document.
 *
 * @param ordinal position among the document's chunks, from 0, contiguous
 * @param text exactly {@code documentText.substring(start, end)}
 * @param start first character (inclusive) in the document's extracted text
 * @param end last character (exclusive)
 * @param tokenCount content tokens of {@code text} as the model counts them
 * @param sectionPath headings from the document root to the chunk's section; empty before the first
 *     heading or for formats without headings
 * @param page page (from 1) where the chunk starts; null for formats without pages
 * @param lastPage page where the chunk ends; null for formats without pages
 */
public record TextChunk(
    int ordinal,
    String text,
    int start,
    int end,
    int tokenCount,
    List<String> sectionPath,
    Integer page,
    Integer lastPage) {

  public TextChunk {
    if (ordinal < 0) {
      throw new IllegalArgumentException("ordinal must be >= 0, was " + ordinal);
    }
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("chunk text must not be empty");
    }
    if (start < 0 || end - start != text.length()) {
      throw new IllegalArgumentException(
          "offsets ["
              + start
              + ", "
              + end
              + ") must be >= 0 and span the text's "
              + text.length()
              + " chars");
    }
    sectionPath = List.copyOf(sectionPath);
  }
}
