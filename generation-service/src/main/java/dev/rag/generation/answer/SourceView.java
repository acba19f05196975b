package dev.rag.generation.answer;

/** A source as announced before the answer streams (the SSE {@code sources} event). */
public record SourceView(
    int number,
    String documentId,
    String chunkId,
    String title,
    String section,
    Integer page,
    double score,
    boolean injectionSuspected) {

  static SourceView of(Source s) {
    return new SourceView(
        s.number(),
        s.chunk().documentId(),
        s.chunk().chunkId(),
        s.title(),
        s.section(),
        s.chunk().page(),
        s.candidate().score(),
        s.injectionSuspected());
  }
}
