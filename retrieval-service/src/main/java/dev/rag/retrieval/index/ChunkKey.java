package dev.rag.retrieval.index;

import dev.rag.contracts.events.ChunkId;

/** A chunk's address across collections: the same chunk id may exist in two collections. */
public record ChunkKey(String collection, ChunkId id) {}
