/** Test fixtures, real-HTTP and Kafka helpers shared by the ingest-service tests. */
package dev.rag.ingest.support;
