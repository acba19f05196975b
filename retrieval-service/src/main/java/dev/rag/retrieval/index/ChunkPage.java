package dev.rag.retrieval.index;

import java.util.List;

/**
 * One page of a document's indexed chunks.
 *
 * @param version the document version the chunks belong to, null when none is indexed
 * @param total the chunks of that version
 * @param chunks this page's chunks, in reading order
 */
public record ChunkPage(Long version, int total, List<StoredChunk> chunks) {}
