package dev.rag.encoders.inference;

import java.util.List;

/**
 * Vectors in the caller's order, tagged with the model that made them (vectors of different models
 * must never be compared).
 */
public record Embeddings(
    String modelId, int dimension, List<float[]> vectors, InferenceStats stats) {

  public Embeddings {
    vectors = List.copyOf(vectors);
  }
}
