package dev.rag.embedding.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * An OpenAI-style embeddings request. {@code input} arrives as raw JSON (a string or an array of
 * strings) so that a bad item is reported by its index instead of failing the whole body's parse.
 *
 * @param input one text or a list of texts (token-id arrays are not accepted)
 * @param model optional; when given it must be the served model's id
 * @param encodingFormat {@code float} (default) or {@code base64} (little-endian float32)
 * @param dimensions optional; when given it must equal the model's dimension (no truncation)
 * @param inputType extension: {@code passage} (default) or {@code query}, which prepends the
 *     model's query instruction (bge: "Represent this sentence for searching relevant passages: ")
 * @param user accepted for compatibility and ignored
 */
public record EmbeddingRequest(
    JsonNode input,
    String model,
    @JsonProperty("encoding_format") String encodingFormat,
    Integer dimensions,
    @JsonProperty("input_type") String inputType,
    String user) {}
