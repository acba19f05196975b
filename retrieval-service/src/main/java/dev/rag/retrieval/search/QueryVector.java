package dev.rag.retrieval.search;

/** A query embedding and the model that made it. */
public record QueryVector(float[] vector, String modelId) {}
