package dev.rag.generation.answer;

/**
 * A source the answer cites.
 *
 * @param number the {@code [n]} used in the answer text
 * @param section the section path joined with " > ", null when the document has none
 * @param page 1-based page (PDF), null otherwise
 * @param snippet the cited sentence (extractive) or the start of the chunk (generative)
 * @param score the reranker's score, or the fused retrieval score when not reranked
 */
public record Citation(
    int number,
    String documentId,
    String chunkId,
    String title,
    String section,
    Integer page,
    String snippet,
    double score) {

  static final int SNIPPET_CHARS = 240;

  static Citation of(Source s, String snippet) {
    String text = snippet == null ? s.text() : snippet;
    if (text.length() > SNIPPET_CHARS) {
      int cut = text.lastIndexOf(' ', SNIPPET_CHARS);
      text = text.substring(0, cut > 0 ? cut : SNIPPET_CHARS) + " …";
    }
    return new Citation(
        s.number(),
        s.chunk().documentId(),
        s.chunk().chunkId(),
        s.title(),
        s.section(),
        s.chunk().page(),
        text.strip(),
        s.candidate().score());
  }
}
