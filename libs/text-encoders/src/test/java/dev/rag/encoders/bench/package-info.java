/** Throughput benchmark main (test sources, because it needs the test-scoped bge-small jar). */
package dev.rag.encoders.bench;
