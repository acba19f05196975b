/**
 * Distributed tracing end to end: an OTLP/HTTP collector inside the test JVM that the shared
 * platform exports to, and the traces of one question and one upload read from it.
 */
package dev.rag.e2e.tracing;
