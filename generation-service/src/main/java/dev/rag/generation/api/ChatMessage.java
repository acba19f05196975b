package dev.rag.generation.api;

import io.swagger.v3.oas.annotations.media.Schema;

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
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description = "a string, or an array of {\"type\": \"text\", \"text\": ...} parts",
            oneOf = {String.class, TextPart[].class})
        Object content) {

  /** One text part of an array-valued {@code content}. */
  record TextPart(@Schema(allowableValues = {"text"}) String type, String text) {}
}
