package dev.rag.embedding.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The OpenAI embeddings response: one item per input in input order, the model that made every
 * vector, and token usage (tokens the model processed, special tokens included).
 */
public record EmbeddingResponse(String object, List<Item> data, String model, Usage usage) {

  public EmbeddingResponse(List<Item> data, String model, Usage usage) {
    this("list", data, model, usage);
  }

  /**
   * One input's vector: a JSON array of floats, or a base64 string of little-endian float32 values
   * when {@code encoding_format} is {@code base64}.
   */
  public record Item(String object, int index, Object embedding) {

    public Item(int index, Object embedding) {
      this("embedding", index, embedding);
    }
  }

  /** Tokens consumed; embeddings have no completion, so both numbers are equal. */
  public record Usage(
      @JsonProperty("prompt_tokens") long promptTokens,
      @JsonProperty("total_tokens") long totalTokens) {}
}
