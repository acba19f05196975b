/**
 * Where tests find real infrastructure. Neither path is a mock: with a Docker engine,
 * Testcontainers starts PostgreSQL with pgvector, Kafka and Redis; without one, the services
 * started by {@code ops/local/infra up} are used, found through {@code RAG_*} variables.
 */
package dev.rag.testing;
