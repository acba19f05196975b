package dev.rag.generation.answer;

import dev.rag.contracts.retrieval.RetrievedChunk;

/**
 * A retrieved chunk in reranked order, before it becomes a numbered source.
 *
 * @param chunk the chunk as retrieval-service returned it
 * @param text the text to show (the chunk's, possibly cut to fit the token budget)
 * @param rank 1-based position after reranking (or in the fused order when reranking failed)
 * @param score the cross-encoder score, or the fused retrieval score when not reranked
 */
public record Candidate(RetrievedChunk chunk, String text, int rank, double score) {

  public Candidate {
    if (rank < 1) {
      throw new IllegalArgumentException("rank " + rank + " must be >= 1");
    }
  }

  public static Candidate of(RetrievedChunk chunk, int rank, double score) {
    return new Candidate(chunk, chunk.text() == null ? "" : chunk.text(), rank, score);
  }

  /** The same candidate showing only {@code shorter}. */
  Candidate withText(String shorter) {
    return new Candidate(chunk, shorter, rank, score);
  }
}
