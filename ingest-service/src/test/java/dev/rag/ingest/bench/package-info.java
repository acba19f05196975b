/** Throughput measurements of parsing and chunking; run by hand, results in bench/RESULTS.md. */
package dev.rag.ingest.bench;
