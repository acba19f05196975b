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
 * @param abstained true when the answer says it does not know (and cites nothing)
 * @param confidence extractive answers: how well the evidence supports an answer, in [0, 1]
 *     (answers below {@code rag.generation.extractive.min-confidence} abstain); null when generated
 * @param evidence extractive answers: what the confidence rests on; null when generated
 * @param spans extractive answers: each quoted sentence's place in its source's text, in answer
 *     order (empty when generated or abstained)
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
    boolean abstained,
    Double confidence,
    AnswerConfidence.Evidence evidence,
    List<AnswerSpan> spans,
    String rewrittenQuery) {}
