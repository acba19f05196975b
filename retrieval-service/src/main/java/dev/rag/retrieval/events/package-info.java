/**
 * Kafka side of indexing: the batch listener on {@code rag.embedded-chunks} (poison records to the
 * DLQ, batches to the indexer, resume from the offsets in the index commit) and the {@code
 * rag.index-events} it publishes after each commit (progress and collection epochs).
 */
package dev.rag.retrieval.events;
