/**
 * The paged KV cache: a {@link dev.rag.llm.kv.BlockPool} of fixed-size blocks with reference counts
 * and a prefix-hash map (mechanism, no policy), per-sequence {@link dev.rag.llm.kv.BlockTable}s,
 * the {@link dev.rag.llm.kv.KvCacheManager} that allocates for sequences and shares prefixes, and
 * the K/V storage the forward pass reads through block tables.
 */
package dev.rag.llm.kv;
