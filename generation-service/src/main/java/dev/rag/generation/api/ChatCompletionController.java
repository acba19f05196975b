package dev.rag.generation.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rag.contracts.problem.ApiException;
import dev.rag.generation.answer.Answer;
import dev.rag.generation.answer.AnswerPipeline;
import dev.rag.generation.answer.AnswerQuery;
import dev.rag.generation.answer.AnswerWarning;
import dev.rag.generation.answer.Citation;
import dev.rag.generation.answer.SourceView;
import dev.rag.generation.answer.Timings;
import dev.rag.generation.config.GenerationProperties;
import dev.rag.support.openapi.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code POST /v1/chat/completions} in OpenAI's shape so that existing clients work: the last user
 * message is the question, answered by the same grounded pipeline as {@code /v1/answers}.
 * Citations, mode and warnings are extra top-level fields (on the last chunk when streaming, which
 * ends with {@code data: [DONE]} as OpenAI's does).
 */
@Tag(name = "answers", description = "Questions answered from a collection, with citations")
@RestController
class ChatCompletionController {

  private static final Set<String> ROLES = Set.of("system", "user", "assistant");

  private final AnswerPipeline pipeline;
  private final GenerationProperties properties;

  ChatCompletionController(AnswerPipeline pipeline, GenerationProperties properties) {
    this.pipeline = pipeline;
    this.properties = properties;
  }

  @Operation(
      operationId = "createChatCompletion",
      summary = "OpenAI-compatible chat completion answered from a collection, with citations")
  @ApiResponse(
      responseCode = "200",
      description = "The completion, or with `stream: true` its chunks as Server-Sent Events",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = Completion.class)),
        @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
            schema = @Schema(implementation = StreamEvents.ChunkEvent.class))
      })
  @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
  @ApiResponse(responseCode = "413", ref = ProblemResponses.CONTENT_TOO_LARGE)
  @ApiResponse(responseCode = "504", ref = ProblemResponses.TIMEOUT)
  @PostMapping(path = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ResponseBodyEmitter> complete(@RequestBody ChatCompletionRequest body)
      throws IOException {
    String question = lastUserMessage(body.messages());
    AnswerQuery query =
        AnswerQuery.validate(
            question,
            body.collection(),
            null,
            body.maxTokens(),
            body.temperature(),
            body.seed(),
            properties);
    String id = "chatcmpl-" + UUID.randomUUID();
    long created = System.currentTimeMillis() / 1000;
    if (!Boolean.TRUE.equals(body.stream())) {
      Answer answer = pipeline.answer(query);
      var completion =
          new Completion(
              id,
              "chat.completion",
              created,
              modelName(answer),
              List.of(
                  new Choice(0, new Message("assistant", answer.answer()), answer.finishReason())),
              answer.citations(),
              answer.mode(),
              answer.warnings(),
              answer.timings());
      return JsonBody.of(completion);
    }
    var prepared = pipeline.prepare(query);
    String model = prepared.mode().equals("generative") ? "generative" : "extractive";
    SseEmitter emitter =
        SseStream.start(
            pipeline,
            prepared,
            properties.generationTimeout().plusSeconds(30),
            e -> new ChunkEvents(e, id, created, model));
    return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(emitter);
  }

  /** The text of the last user message, after checking every message's shape. */
  static String lastUserMessage(List<Object> messages) {
    if (messages == null || messages.isEmpty()) {
      throw ApiException.invalid("messages", "at least one message with role 'user' is required");
    }
    String question = null;
    for (int i = 0; i < messages.size(); i++) {
      String field = "messages[" + i + "]";
      if (!(messages.get(i) instanceof Map<?, ?> message)) {
        throw ApiException.invalid(field, "must be an object with 'role' and 'content'");
      }
      if (!(message.get("role") instanceof String role) || !ROLES.contains(role)) {
        throw ApiException.invalid(
            field + ".role",
            "must be one of system, user, assistant; was " + describe(message.get("role")));
      }
      if (!(message.get("content") instanceof String content)) {
        throw ApiException.invalid(
            field + ".content", "must be a string; was " + describe(message.get("content")));
      }
      if (role.equals("user")) {
        question = content;
      }
    }
    if (question == null) {
      throw ApiException.invalid("messages", "no message has role 'user'");
    }
    return question;
  }

  private static String describe(Object value) {
    if (value == null) {
      return "missing";
    }
    return value instanceof String s
        ? "'" + s + "'"
        : "a JSON "
            + (value instanceof Map
                ? "object"
                : value instanceof List ? "array" : value instanceof Number ? "number" : "value");
  }

  private static String modelName(Answer answer) {
    return answer.model() != null ? answer.model() : answer.mode();
  }

  /**
   * OpenAI's chunk stream: role first, content deltas, a final chunk with finish reason and
   * citations.
   */
  private static final class ChunkEvents extends SseStream.EmitterSink {
    private final String id;
    private final long created;
    private final String model;

    ChunkEvents(SseEmitter emitter, String id, long created, String model) {
      super(emitter);
      this.id = id;
      this.created = created;
      this.model = model;
    }

    @Override
    public void sources(List<SourceView> sources, String mode) throws IOException {
      send(SseEmitter.event().data(chunk(Map.of("role", "assistant"), null, null)));
    }

    @Override
    public void delta(String text) throws IOException {
      send(SseEmitter.event().data(chunk(Map.of("content", text), null, null)));
    }

    @Override
    public void done(Answer answer) throws IOException {
      send(SseEmitter.event().data(chunk(Map.of(), answer.finishReason(), answer)));
      send(SseEmitter.event().data("[DONE]"));
    }

    private Completion chunk(Map<String, String> delta, String finishReason, Answer answer) {
      return new Completion(
          id,
          "chat.completion.chunk",
          created,
          answer == null ? model : modelName(answer),
          List.of(new Choice(0, null, finishReason, delta)),
          answer == null ? null : answer.citations(),
          answer == null ? null : answer.mode(),
          answer == null ? null : answer.warnings(),
          answer == null ? null : answer.timings());
    }
  }

  /** A completion or a streamed chunk; null fields are left out. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Completion(
      String id,
      String object,
      long created,
      String model,
      List<Choice> choices,
      List<Citation> citations,
      String mode,
      List<AnswerWarning> warnings,
      Timings timings) {}

  /** One choice; {@code message} in completions, {@code delta} in chunks. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Choice(
      int index,
      Message message,
      @JsonProperty("finish_reason") String finishReason,
      Map<String, String> delta) {
    Choice(int index, Message message, String finishReason) {
      this(index, message, finishReason, null);
    }
  }

  /** An assistant message. */
  record Message(String role, String content) {}
}
