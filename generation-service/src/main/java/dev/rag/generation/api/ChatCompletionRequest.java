package dev.rag.generation.api;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.List;

/**
 * A {@code POST /v1/chat/completions} body in OpenAI's shape. {@code messages} stays untyped here
 * so that a malformed message (no role, an unknown role, non-string content) gets a precise problem
 * detail naming it instead of a generic parse error.
 *
 * @param model accepted and ignored: the service answers with the model it has loaded
 * @param messages the conversation; the last {@code user} message is the question
 * @param collection extra field: the collection searched (default {@code
 *     rag.generation.default-collection})
 */
public record ChatCompletionRequest(
    String model,
    List<Object> messages,
    Boolean stream,
    @JsonAlias("max_tokens") Integer maxTokens,
    Double temperature,
    Long seed,
    String collection) {}
