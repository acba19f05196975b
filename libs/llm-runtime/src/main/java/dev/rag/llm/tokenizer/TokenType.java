package dev.rag.llm.tokenizer;

/** Token types as stored in {@code tokenizer.ggml.token_type}. */
public enum TokenType {
  UNDEFINED,
  NORMAL,
  UNKNOWN,
  CONTROL,
  USER_DEFINED,
  UNUSED,
  BYTE;

  public static TokenType fromId(int id) {
    return id >= 0 && id < values().length ? values()[id] : UNDEFINED;
  }
}
