package dev.rag.generation.answer;

import java.util.List;

/**
 * A finished answer.
 *
 * @param answer the text, with {@code [n]} markers that all point at {@code citations}
 * @param mode {@code generative} or {@code extractive}
 * @param model the generative model's id, null in extractive mode
 * @param collection the collection searched
 * @param citations the cited sources, in order of first citation
 * @param sources every source the answer was made from
 * @param reranked whether the cross-encoder ordered the sources (false: fused retrieval order)
 * @param finishReason {@code stop}, {@code length}, {@code cancelled}, {@code error}, or {@code
 *     {@code no-sources} when a model is loaded but nothing was retrieved (the answer says it does not know)
 * @param warnings injections found, degraded dependencies, removed citations
 * @param rewrittenQuery the standalone question retrieved and answered in place of a
 *     conversation's last question; null when the question came without earlier messages
 */
public record Answer(
    String answer,
    String mode,
    String model,
    String collection,
    List<Citation> citations,
    List<SourceView> sources,
    boolean reranked,
    String finishReason,
    List<AnswerWarning> warnings,
    Timings timings,
    String rewrittenQuery) {}
