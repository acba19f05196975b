package dev.rag.llm.engine;

/**
 * Where speculative decoding's drafts come from: tokens proposed to follow a request's sequence,
 * which the model then verifies in one forward pass ({@link ModelRunner}). A drafter proposes each
 * token with certainty (no distribution of its own), so keeping a draft exactly when the model's
 * own sample equals it leaves the output distribution unchanged, and greedy output identical.
 */
public interface Drafter {

  /** Most tokens proposed per step; 0 turns speculation off. */
  int draftTokens();

  default boolean enabled() {
    return draftTokens() > 0;
  }

  /**
   * At most {@code limit} (and at most {@link #draftTokens}) tokens to follow {@code tokens[0,
   * length)} of request {@code requestId}; empty for none, never null.
   */
  int[] propose(long requestId, int[] tokens, int length, int limit);

  /** The request finished: release whatever the drafter keeps for it. */
  default void forget(long requestId) {}
}
