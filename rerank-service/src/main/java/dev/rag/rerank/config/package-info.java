/** Typed rerank-service settings under {@code rag.*}. */
package dev.rag.rerank.config;
