package dev.rag.llm.tensor;

/** A tensor uses a storage format this runtime cannot compute with. */
public final class UnsupportedTensorTypeException extends RuntimeException {
  public UnsupportedTensorTypeException(String message) {
    super(message);
  }
}
