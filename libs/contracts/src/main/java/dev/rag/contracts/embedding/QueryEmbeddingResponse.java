package dev.rag.contracts.embedding;

/**
 * The answer to {@code POST /v1/query-embeddings}.
 *
 * @param model the model that made the vector (vectors of different models never compare)
 * @param embedding the query's unit-length vector
 * @param cached true when the vector came from retrieval-service's query cache (no model run)
 */
public record QueryEmbeddingResponse(String model, float[] embedding, boolean cached) {}
