/**
 * The read path: a validated {@link dev.rag.retrieval.search.RetrievalQuery} is answered by BM25,
 * dense search, or both in parallel fused with Reciprocal Rank Fusion; the query is embedded in
 * this process by {@link dev.rag.retrieval.search.QueryModel}, its vectors cached by {@link
 * dev.rag.retrieval.search.QueryEmbedder}. A failing retriever degrades the answer instead of
 * failing it.
 */
package dev.rag.retrieval.search;
