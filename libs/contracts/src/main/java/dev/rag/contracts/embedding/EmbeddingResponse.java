package dev.rag.contracts.embedding;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
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
   * when {@code encoding_format} is {@code base64}. A client reads either form with {@link
   * #vector()}.
   */
  public record Item(String object, int index, Object embedding) {

    public Item(int index, Object embedding) {
      this("embedding", index, embedding);
    }

    /**
     * The vector, whichever form it came in: {@code float[]} as the service builds it, a list of
     * numbers or a base64 string as a client parses it.
     */
    public float[] vector() {
      return switch (embedding) {
        case float[] values -> values.clone();
        case List<?> values -> {
          float[] vector = new float[values.size()];
          for (int i = 0; i < vector.length; i++) {
            vector[i] = ((Number) values.get(i)).floatValue();
          }
          yield vector;
        }
        case String base64 -> {
          var floats =
              ByteBuffer.wrap(Base64.getDecoder().decode(base64))
                  .order(ByteOrder.LITTLE_ENDIAN)
                  .asFloatBuffer();
          float[] vector = new float[floats.remaining()];
          floats.get(vector);
          yield vector;
        }
        case null, default ->
            throw new IllegalStateException(
                "item " + index + " has no embedding (a float array or a base64 string)");
      };
    }
  }

  /** Tokens consumed; embeddings have no completion, so both numbers are equal. */
  public record Usage(
      @JsonProperty("prompt_tokens") long promptTokens,
      @JsonProperty("total_tokens") long totalTokens) {}
}
