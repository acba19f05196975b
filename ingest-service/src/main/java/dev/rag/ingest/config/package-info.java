/** Typed ingest-service settings under {@code rag.*}. */
package dev.rag.ingest.config;
