/** Manual benchmarks (a {@code main}, never run by the test suite); results in bench/RESULTS.md. */
package dev.rag.retrieval.bench;
