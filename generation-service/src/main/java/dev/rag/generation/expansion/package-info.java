/**
 * Query expansion with the generative model, off by default: HyDE (dense retrieval with the
 * embedding of a hypothetical answer the model writes, which sits nearer the passages that answer
 * than the question does) and multi-query (several rewrites of the question, each retrieved), fused
 * with the question's own hybrid results by Reciprocal Rank Fusion ({@link
 * dev.rag.generation.expansion.QueryExpansion}). Without a model, or with both off, retrieval is
 * the question's alone.
 */
package dev.rag.generation.expansion;
