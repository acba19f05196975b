package dev.rag.llm.model;

/**
 * The part of one sequence that a forward pass computes.
 *
 * @param tokens token ids to feed, at positions {@code startPosition ..}
 * @param startPosition position of {@code tokens[0]}; earlier positions are already in the KV cache
 * @param blockTable KV block of each {@code blockSize} positions, covering every position written
 * @param wantLogits whether to return logits for the last token (false for a prompt chunk that is
 *     not the last)
 */
public record SequenceSlice(int[] tokens, int startPosition, int[] blockTable, boolean wantLogits) {
  public SequenceSlice {
    if (tokens.length == 0) {
      throw new IllegalArgumentException("a slice needs at least one token");
    }
    if (startPosition < 0) {
      throw new IllegalArgumentException("startPosition " + startPosition + " must be >= 0");
    }
  }

  public int endPosition() {
    return startPosition + tokens.length;
  }
}
