package dev.rag.llm.ort.capi;

/** A C API call returned an {@code OrtStatus}: the call's name and ONNX Runtime's message. */
public final class OrtStatusException extends RuntimeException {
  public OrtStatusException(String call, String message) {
    super(call + " failed: " + message);
  }
}
