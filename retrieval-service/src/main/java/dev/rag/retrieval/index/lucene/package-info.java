/**
 * The Lucene chunk index on local disk: one document per chunk (BM25 over the text with English
 * analysis, the fields results need stored, and, when Lucene is the dense store, an HNSW vector
 * field), tombstones for deleted documents, and commits whose user data carries the Kafka
 * offsets and per-collection state they cover. A {@link org.apache.lucene.search.SearcherManager}
 * is refreshed after every commit.
 */
package dev.rag.retrieval.index.lucene;
