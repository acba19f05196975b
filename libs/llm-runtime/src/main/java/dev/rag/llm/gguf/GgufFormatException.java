package dev.rag.llm.gguf;

/** A file is not a GGUF file, is truncated, or uses a feature this reader does not support. */
public final class GgufFormatException extends RuntimeException {
  public GgufFormatException(String message) {
    super(message);
  }
}
