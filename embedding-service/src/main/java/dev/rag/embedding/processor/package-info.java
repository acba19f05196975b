/**
 * The Kafka processor {@code rag.chunks} → {@code rag.embedded-chunks}: a batch listener that
 * embeds each poll's chunks in one call, publishes them keyed by document id in record order
 * (deletes pass through in place), sends poison records to {@code rag.chunks.dlq}, and returns only
 * once every output is acknowledged, so offsets commit after the output is durable (at-least-once;
 * retrieval-service's writes are idempotent per chunk id).
 */
package dev.rag.embedding.processor;
