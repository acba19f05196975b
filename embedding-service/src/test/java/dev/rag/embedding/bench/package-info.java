/**
 * Throughput benchmark main (test sources: never run by the test suite; results in
 * bench/RESULTS.md).
 */
package dev.rag.embedding.bench;
