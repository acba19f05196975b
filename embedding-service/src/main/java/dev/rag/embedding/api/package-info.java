/**
 * {@code POST /v1/embeddings} in the OpenAI request/response shape, plus the {@code input_type}
 * extension ({@code query} applies the model's query instruction).
 */
package dev.rag.embedding.api;
