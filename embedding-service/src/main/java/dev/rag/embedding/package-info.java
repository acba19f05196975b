/** embedding-service: Stateless embedding: the rag.chunks processor and POST /v1/embeddings. */
package dev.rag.embedding;
