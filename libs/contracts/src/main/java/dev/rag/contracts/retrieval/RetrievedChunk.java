package dev.rag.contracts.retrieval;

import java.util.List;
import java.util.Map;

/**
 * One hit of {@code /v1/retrieve}: the chunk with everything needed to show and cite it, its final
 * score, and where each retriever ranked it (null when that retriever did not return it).
 *
 * @param rank 1-based position in the response
 * @param score the fused RRF score in hybrid mode, else the retriever's own score (cosine or BM25)
 * @param denseRank 1-based rank in the dense list, null when absent
 * @param denseScore cosine similarity, null when absent
 * @param bm25Rank 1-based rank in the BM25 list, null when absent
 * @param bm25Score Lucene BM25 score, null when absent
 */
public record RetrievedChunk(
    int rank,
    String chunkId,
    String collection,
    String documentId,
    long version,
    int ordinal,
    String title,
    String sourceUri,
    List<String> sectionPath,
    Integer page,
    int startOffset,
    int endOffset,
    String text,
    Map<String, String> metadata,
    double score,
    Integer denseRank,
    Double denseScore,
    Integer bm25Rank,
    Double bm25Score) {}
