package dev.rag.retrieval.index;

import dev.rag.contracts.events.ChunkId;
import java.util.List;
import java.util.Map;

/** A chunk as the Lucene index stores it for results and citations. */
public record StoredChunk(
    String collection,
    ChunkId id,
    String jobId,
    int chunkCount,
    String text,
    String title,
    String sourceUri,
    List<String> sectionPath,
    Integer page,
    int startOffset,
    int endOffset,
    int tokenCount,
    Map<String, String> metadata,
    String modelId) {}
