/**
 * The Lucene chunk index on local disk: one document per chunk (BM25 over the text with English
 * analysis in a field of the chunk's collection, so that BM25 statistics are per collection, the
 * fields results need stored, and, when Lucene is the dense store, an HNSW vector field),
 * tombstones for deleted documents, and commits whose user data carries the Kafka offsets, the
 * per-collection state and the {@link dev.rag.retrieval.index.lucene.IndexLayout} they cover. A
 * {@link org.apache.lucene.search.SearcherManager} is refreshed after every commit and hands out
 * {@link dev.rag.retrieval.index.lucene.LiveStatisticsSearcher}s.
 */
package dev.rag.retrieval.index.lucene;
