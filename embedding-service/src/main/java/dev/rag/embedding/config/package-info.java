/** Typed embedding-service settings under {@code rag.*}. */
package dev.rag.embedding.config;
