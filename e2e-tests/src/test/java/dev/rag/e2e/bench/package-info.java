/** Load benchmarks against a running platform; run by hand, never by the test suite. */
package dev.rag.e2e.bench;
