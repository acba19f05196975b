/** Loads the configured cross-encoder (or none) and ranks passages with it. */
package dev.rag.rerank.scoring;
