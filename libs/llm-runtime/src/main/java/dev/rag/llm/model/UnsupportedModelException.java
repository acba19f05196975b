package dev.rag.llm.model;

/**
 * A well-formed GGUF file describes a model this runtime cannot run (architecture, tensor type,
 * shape).
 */
public final class UnsupportedModelException extends RuntimeException {
  public UnsupportedModelException(String message) {
    super(message);
  }
}
