package dev.rag.generation.api;

import dev.rag.generation.answer.Answer;
import dev.rag.generation.answer.SourceView;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The payloads of the answer endpoints' Server-Sent Events as the OpenAPI document describes them:
 * the {@code data} of each event is one of these, named by the event (the controllers write the
 * same members).
 */
final class StreamEvents {

  private StreamEvents() {}

  /** Event {@code sources}: sent once, before any text. */
  @Schema(name = "AnswerSourcesEvent", description = "Event `sources`: sent once, before any text")
  record Sources(
      @Schema(description = "`extractive` or `generative`") String mode,
      @Schema(description = "Every source the answer is made from, numbered as cited")
          List<SourceView> sources) {}

  /** Event {@code delta}: the next piece of the answer's text. */
  @Schema(name = "AnswerDeltaEvent", description = "Event `delta` (repeated): the next text")
  record Delta(String text) {}

  /** The data of any one event of {@code POST /v1/answers} with {@code stream: true}. */
  @Schema(
      name = "AnswerStreamEvent",
      description =
          "The `data` of one event of an answer stream: `sources` (AnswerSourcesEvent), then"
              + " `delta` (AnswerDeltaEvent, repeated), then `done` (the whole Answer; its"
              + " `answer` is authoritative).",
      oneOf = {Sources.class, Delta.class, Answer.class})
  interface AnswerEvent {}

  /**
   * The data of any one event of {@code POST /v1/chat/completions} with {@code stream: true}: a
   * {@code chat.completion.chunk}, and the literal {@code [DONE]} last (which is no JSON, so it is
   * named in the description only).
   */
  @Schema(
      name = "ChatCompletionStreamEvent",
      description =
          "The `data` of one event of a chat completion stream: a `chat.completion.chunk` (role"
              + " first, then content deltas, then one with `finish_reason` and the citations),"
              + " and the literal `[DONE]` last.",
      oneOf = {ChatCompletionController.Completion.class})
  interface ChunkEvent {}
}
