/**
 * Rank fusion: combining several ranked lists into one without calibrating their scores (BM25
 * scores and cosine similarities live on unrelated scales, so only ranks are fused).
 */
package dev.rag.retrieval.fusion;
