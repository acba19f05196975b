package dev.rag.contracts.embedding;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * An OpenAI-style {@code POST /v1/embeddings} body (embedding-service). {@code input} stays raw
 * JSON (a string or an array of strings) so that the service reports a bad item by its index
 * instead of failing the whole body's parse.
 *
 * @param input one text or a list of texts (token-id arrays are not accepted)
 * @param model optional; when given it must be the served model's id
 * @param encodingFormat {@code float} (default) or {@code base64} (little-endian float32)
 * @param dimensions optional; when given it must equal the model's dimension (no truncation)
 * @param inputType extension: {@code passage} (default) or {@code query}, which prepends the
 *     model's query instruction (bge: "Represent this sentence for searching relevant passages: ")
 * @param user accepted for compatibility and ignored
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingRequest(
    JsonNode input,
    String model,
    @JsonProperty("encoding_format") String encodingFormat,
    Integer dimensions,
    @JsonProperty("input_type") String inputType,
    String user) {

  /** The wire value of {@code input_type} for passages. */
  public static final String PASSAGE = "passage";

  /** The wire value of {@code input_type} for search queries. */
  public static final String QUERY = "query";

  /** Texts of one kind ({@link #PASSAGE} or {@link #QUERY}), float vectors, the served model. */
  public static EmbeddingRequest of(List<String> texts, String inputType) {
    ArrayNode input = JsonNodeFactory.instance.arrayNode();
    texts.forEach(input::add);
    return new EmbeddingRequest(input, null, null, null, inputType, null);
  }
}
