package dev.rag.llm.engine;

/**
 * One request's share of a step.
 *
 * @param request the request (the runner reads its tokens and sampler, nothing else)
 * @param startPosition first position to compute (tokens before it have K/V cached)
 * @param tokens token ids to feed at {@code startPosition ..}
 * @param blockTable the request's KV blocks for this step
 * @param sample whether this slice reaches the end of the known tokens, so a new token is sampled
 */
public record ScheduledSequence(
    Request request, int startPosition, int[] tokens, int[] blockTable, boolean sample) {}
