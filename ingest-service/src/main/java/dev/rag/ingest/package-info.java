/** ingest-service: Document registry, parsing, chunking, ingest jobs and their progress. */
package dev.rag.ingest;
