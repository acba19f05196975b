package dev.rag.llm.engine;

import dev.rag.llm.sampling.SamplingParams;

/**
 * One request's share of a step, as plain data: what the {@link ModelRunner} needs to compute and
 * sample, and nothing it could change. The arrays are fresh copies made by the scheduler for this
 * step and never written afterwards.
 *
 * @param requestId the request's id (the key of the runner's per-request sampler)
 * @param startPosition first position to compute (tokens before it have K/V cached)
 * @param tokens token ids to feed at {@code startPosition ..}
 * @param blockTable the request's KV blocks for this step
 * @param prefill whether the slice starts inside the prompt (prompt tokens, not a decode step)
 * @param sample whether this slice reaches the end of the known tokens, so a new token is sampled
 * @param drafts how many of the last {@code tokens} are speculative drafts (0 for a plain step):
 *     the runner samples after the token before them and after each of them, keeping drafts while
 *     they equal what was sampled
 * @param sampling how to sample the request's tokens
 * @param recentTokens the request's last tokens (prompt and output, at most {@link
 *     dev.rag.llm.sampling.Sampler#PENALTY_WINDOW}) when a repetition penalty needs them; empty
 *     otherwise
 */
public record ScheduledSequence(
    long requestId,
    int startPosition,
    int[] tokens,
    int[] blockTable,
    boolean prefill,
    boolean sample,
    int drafts,
    SamplingParams sampling,
    int[] recentTokens) {

  /** Logits rows the forward pass returns for this slice. */
  public int logitRows() {
    return sample ? drafts + 1 : 0;
  }
}
