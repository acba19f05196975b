package dev.rag.encoders.inference;

/**
 * Relevance scores of (query, passage) pairs in the caller's order.
 *
 * @param scores one logit (or its sigmoid) per passage; higher is more relevant
 */
public record PairScores(String modelId, float[] scores, InferenceStats stats) {}
