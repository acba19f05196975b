package dev.rag.generation.api;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.rag.contracts.retrieval.MetadataCondition;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * A {@code POST /v1/answers} body.
 *
 * @param question the question (required, at most {@code rag.generation.max-question-chars})
 * @param collection collection searched (default {@code rag.generation.default-collection})
 * @param filters metadata conditions by key, passed to retrieval as they are (see {@link
 *     dev.rag.contracts.retrieval.MetadataCondition}; may be empty)
 * @param stream true for Server-Sent Events: {@code sources}, {@code delta}..., {@code done}
 * @param maxTokens most answer tokens in generative mode ({@code max_tokens} also accepted)
 * @param temperature 0 (default) for greedy decoding, up to 2
 * @param seed sampling seed when temperature is above 0
 * @param messages the conversation before {@code question}, oldest first: {@code {"role": "user" |
 *     "assistant", "content": "..."}} (content may also be an array of {@code {"type": "text",
 *     "text": ...}} parts); with it the question is rewritten into a standalone one before
 *     retrieval. At most {@code rag.generation.conversation.max-turns} messages and {@code
 *     .max-chars} characters
 * @param expansions query expansions for this answer's retrieval, instead of the configured ones:
 *     {@code "hyde"}, {@code "multi-query"}, or none ({@code []}); they need a generative model and
 *     are skipped, with an {@code expansion-unavailable} warning, without one
 */
public record AnswerRequest(
    String question,
    String collection,
    Map<String, MetadataCondition> filters,
    Boolean stream,
    @JsonAlias("max_tokens") Integer maxTokens,
    Double temperature,
    Long seed,
    @ArraySchema(schema = @Schema(implementation = ChatMessage.class)) List<Object> messages,
    @ArraySchema(schema = @Schema(allowableValues = {"hyde", "multi-query"}))
        List<String> expansions) {}
