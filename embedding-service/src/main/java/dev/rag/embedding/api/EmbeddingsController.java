package dev.rag.embedding.api;

import dev.rag.contracts.embedding.EmbeddingRequest;
import dev.rag.contracts.embedding.EmbeddingResponse;
import dev.rag.contracts.problem.ApiException;
import dev.rag.embedding.config.EmbeddingProperties;
import dev.rag.embedding.encoder.Embedder;
import dev.rag.encoders.inference.Embeddings;
import dev.rag.support.openapi.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Validates an embeddings request and delegates to the {@link Embedder}. */
@Tag(name = "embeddings", description = "Text embeddings in OpenAI's shape")
@RestController
class EmbeddingsController {

  private final Embedder embedder;
  private final EmbeddingProperties properties;

  EmbeddingsController(Embedder embedder, EmbeddingProperties properties) {
    this.embedder = embedder;
    this.properties = properties;
  }

  @Operation(
      operationId = "createEmbeddings",
      summary = "Embed one text or a list of texts",
      description =
          "`input` is a string or an array of strings; `input_type` is `passage` (default) or"
              + " `query` (adds the model's query instruction); `encoding_format` is `float`"
              + " (default) or `base64`.")
  @ApiResponse(responseCode = "200", description = "One embedding per input, in input order")
  @ApiResponse(responseCode = "413", ref = ProblemResponses.CONTENT_TOO_LARGE)
  @PostMapping("/v1/embeddings")
  EmbeddingResponse embed(@RequestBody EmbeddingRequest request) {
    List<String> texts = texts(request.input());
    if (request.model() != null && !request.model().equals(embedder.modelId())) {
      throw ApiException.invalid(
              "model",
              "this service serves '" + embedder.modelId() + "', not '" + request.model() + "'")
          .with("served_model", embedder.modelId());
    }
    boolean base64 = base64(request.encodingFormat());
    if (request.dimensions() != null && request.dimensions() != embedder.dimension()) {
      throw ApiException.invalid(
          "dimensions",
          "model "
              + embedder.modelId()
              + " produces "
              + embedder.dimension()
              + " dimensions and does not truncate, got "
              + request.dimensions());
    }
    Embeddings result = embedder.embed(texts, inputType(request.inputType()), Embedder.Source.API);
    List<EmbeddingResponse.Item> items = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      float[] vector = result.vectors().get(i);
      items.add(new EmbeddingResponse.Item(i, base64 ? encode(vector) : vector));
    }
    long tokens = result.stats().tokens();
    return new EmbeddingResponse(
        items, result.modelId(), new EmbeddingResponse.Usage(tokens, tokens));
  }

  private List<String> texts(JsonNode input) {
    if (input == null || input.isNull() || input.isMissingNode()) {
      throw ApiException.invalid("input", "is required: a string or an array of strings");
    }
    if (input.isString()) {
      return List.of(text(input, "input"));
    }
    if (!input.isArray()) {
      throw ApiException.invalid("input", "must be a string or an array of strings");
    }
    if (input.isEmpty()) {
      throw ApiException.invalid("input", "must contain at least one string");
    }
    if (input.size() > properties.maxInputs()) {
      throw ApiException.invalid(
              "input",
              "at most "
                  + properties.maxInputs()
                  + " inputs per request (rag.embedding.max-inputs), got "
                  + input.size())
          .with("limit", properties.maxInputs());
    }
    List<String> texts = new ArrayList<>(input.size());
    for (int i = 0; i < input.size(); i++) {
      texts.add(text(input.get(i), "input[" + i + "]"));
    }
    return texts;
  }

  private static String text(JsonNode item, String field) {
    if (item == null || !item.isString()) {
      throw ApiException.invalid(field, "must be a string (token arrays are not accepted)");
    }
    if (item.asString().isBlank()) {
      throw ApiException.invalid(field, "must not be empty or blank");
    }
    return item.asString();
  }

  private static boolean base64(String format) {
    if (format == null || format.equals("float")) {
      return false;
    }
    if (format.equals("base64")) {
      return true;
    }
    throw ApiException.invalid(
        "encoding_format", "must be 'float' or 'base64', got '" + format + "'");
  }

  private static Embedder.InputType inputType(String type) {
    if (type == null) {
      return Embedder.InputType.PASSAGE;
    }
    return switch (type.toLowerCase(Locale.ROOT)) {
      case EmbeddingRequest.PASSAGE -> Embedder.InputType.PASSAGE;
      case EmbeddingRequest.QUERY -> Embedder.InputType.QUERY;
      default ->
          throw ApiException.invalid(
              "input_type", "must be 'passage' or 'query', got '" + type + "'");
    };
  }

  /** OpenAI's base64 form: the float32 values, little-endian, back to back. */
  private static String encode(float[] vector) {
    ByteBuffer bytes =
        ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(vector);
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
