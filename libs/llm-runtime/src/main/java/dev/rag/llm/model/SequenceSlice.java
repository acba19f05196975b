package dev.rag.llm.model;

/**
 * The part of one sequence that a forward pass computes.
 *
 * @param tokens token ids to feed, at positions {@code startPosition ..}
 * @param startPosition position of {@code tokens[0]}; earlier positions are already in the KV cache
 * @param blockTable KV block of each {@code blockSize} positions, covering every position written
 * @param logitRows for how many of the last tokens to return logits: 1 for the next token, 0 for a
 *     prompt chunk that is not the last, more when draft tokens are verified (one row per draft,
 *     plus the one after the last)
 */
public record SequenceSlice(int[] tokens, int startPosition, int[] blockTable, int logitRows) {

  /** Logits for the last token, or none. */
  public SequenceSlice(int[] tokens, int startPosition, int[] blockTable, boolean wantLogits) {
    this(tokens, startPosition, blockTable, wantLogits ? 1 : 0);
  }

  public SequenceSlice {
    if (tokens.length == 0) {
      throw new IllegalArgumentException("a slice needs at least one token");
    }
    if (startPosition < 0) {
      throw new IllegalArgumentException("startPosition " + startPosition + " must be >= 0");
    }
    if (logitRows < 0 || logitRows > tokens.length) {
      throw new IllegalArgumentException(
          "logitRows " + logitRows + " outside [0, " + tokens.length + "]");
    }
  }

  public boolean wantLogits() {
    return logitRows > 0;
  }

  public int endPosition() {
    return startPosition + tokens.length;
  }
}
