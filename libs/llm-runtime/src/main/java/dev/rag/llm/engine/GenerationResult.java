package dev.rag.llm.engine;

import java.util.List;

/**
 * The outcome of a request.
 *
 * @param tokens generated token ids
 * @param text generated text (stop string removed)
 * @param promptTokens tokens in the prompt
 * @param reason why it stopped
 * @param error message when {@code reason} is ERROR, else null
 * @param preemptions how many times it was preempted and recomputed
 */
public record GenerationResult(
    List<Integer> tokens,
    String text,
    int promptTokens,
    FinishReason reason,
    String error,
    int preemptions) {}
