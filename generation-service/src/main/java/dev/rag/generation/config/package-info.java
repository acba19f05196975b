/** Typed generation-service settings under {@code rag.*}. */
package dev.rag.generation.config;
