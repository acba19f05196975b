package dev.rag.generation.api;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/**
 * A message of a conversation as the API documents it; requests read messages untyped (see {@link
 * Messages}) so that a malformed one gets a problem naming it.
 *
 * @param role {@code user} or {@code assistant} ({@code system} and {@code developer} too in chat
 *     completions)
 * @param content the text, or an array of {@code {"type": "text", "text": ...}} parts
 */
@Schema(description = "A message of a conversation")
record ChatMessage(
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            allowableValues = {"system", "developer", "user", "assistant"})
        String role,
    // Documented as any JSON value: a oneOf of a string and an array breaks generated Java
    // clients (openapi-generator 7.25 emits List<TextPart>.class), so the description says it.
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description =
                "The text: a string, or an array of {\"type\": \"text\", \"text\": ...} parts")
        JsonNode content) {}
