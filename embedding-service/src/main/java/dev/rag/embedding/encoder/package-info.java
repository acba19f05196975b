/**
 * The one embedding model of this instance: loading (bundled bge-small or a model directory), the
 * batching choice, and the metrics every caller (HTTP or Kafka) shares.
 */
package dev.rag.embedding.encoder;
