package dev.rag.generation.answer;

/**
 * Something the client should know about how the answer was made.
 *
 * @param kind {@code prompt-injection} (a source holds instruction-like text; it was neutralised),
 *     {@code rerank-unavailable} (fused order used), {@code retrieval-degraded} (one retriever
 *     failed), {@code model-unavailable} (a configured model could not be used), {@code
 *     invalid-citation} (the model cited a source that does not exist; the marker was removed),
 *     {@code no-source-fits} (the model's context had no room for any source), {@code
 *     generation-timeout} (stopped after {@code rag.generation.generation-timeout})
 * @param source the source number it concerns, null when none
 */
public record AnswerWarning(String kind, Integer source, String detail) {}
