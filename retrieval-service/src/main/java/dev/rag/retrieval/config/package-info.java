/** Typed retrieval-service settings under {@code rag.*}. */
package dev.rag.retrieval.config;
