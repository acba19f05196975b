/** Kafka topic names, the only place they are spelled. */
package dev.rag.contracts.topics;
