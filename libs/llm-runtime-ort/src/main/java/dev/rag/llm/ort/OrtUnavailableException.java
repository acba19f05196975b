package dev.rag.llm.ort;

/**
 * The ONNX Runtime backend cannot start here; the message names what is missing (the CUDA execution
 * provider, a CUDA library, an operator of this ONNX Runtime version). Callers that are configured
 * to may fall back to the Java backend.
 */
public final class OrtUnavailableException extends RuntimeException {
  public OrtUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
