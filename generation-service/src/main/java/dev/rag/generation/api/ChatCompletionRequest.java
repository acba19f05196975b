package dev.rag.generation.api;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A {@code POST /v1/chat/completions} body in OpenAI's shape. {@code messages} stays untyped here
 * so that a malformed message (no role, an unknown role, content that is neither text nor text
 * parts) gets a precise problem detail naming it instead of a generic parse error.
 *
 * @param model {@code rag}, or the id of what generates the text (see {@code GET /v1/models});
 *     echoed in the response; another id is a 404 problem; unset means the latter
 * @param messages the conversation; the last {@code user} message is the question, the user and
 *     assistant messages before it the history it is rewritten against
 * @param collection extra field: the collection searched (default {@code
 *     rag.generation.default-collection})
 * @param tools refused (400): answers come from documents, not from tools
 * @param toolChoice refused with {@code tools}
 * @param responseFormat refused (400): answers are text with citations
 */
public record ChatCompletionRequest(
    String model,
    @ArraySchema(schema = @Schema(implementation = ChatMessage.class)) List<Object> messages,
    Boolean stream,
    @JsonAlias({"max_tokens", "max_completion_tokens"}) Integer maxTokens,
    Double temperature,
    Long seed,
    String collection,
    @Schema(description = "not supported: a request with tools is refused (400)") Object tools,
    @JsonProperty("tool_choice")
        @Schema(description = "not supported: a request with tool_choice is refused (400)")
        Object toolChoice,
    @JsonProperty("response_format")
        @Schema(description = "not supported: a request with response_format is refused (400)")
        Object responseFormat) {}
