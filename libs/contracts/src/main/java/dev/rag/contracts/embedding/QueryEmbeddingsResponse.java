package dev.rag.contracts.embedding;

import java.util.List;

/**
 * The answer to {@code POST /v1/query-embeddings/batch}.
 *
 * @param model the model that made the vectors
 * @param embeddings one unit-length vector per query, in the request's order
 * @param cached how many of them came from the query cache (no model run)
 */
public record QueryEmbeddingsResponse(String model, List<float[]> embeddings, int cached) {}
