package dev.rag.generation.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rag.contracts.problem.ApiException;
import dev.rag.generation.answer.Answer;
import dev.rag.generation.answer.AnswerPipeline;
import dev.rag.generation.answer.AnswerQuery;
import dev.rag.generation.answer.AnswerWarning;
import dev.rag.generation.answer.Citation;
import dev.rag.generation.answer.PreparedAnswer;
import dev.rag.generation.answer.SourceView;
import dev.rag.generation.answer.Timings;
import dev.rag.generation.config.GenerationProperties;
import dev.rag.generation.conversation.ConversationProperties;
import dev.rag.generation.conversation.QueryRewriter;
import dev.rag.generation.llm.LanguageModel;
import dev.rag.support.openapi.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/chat/completions} in OpenAI's shape so that existing clients work: the last user
 * message is the question, rewritten against the messages before it into a standalone one, and
 * answered by the same grounded pipeline as {@code /v1/answers}. Citations, mode, warnings and the
 * rewrite are extra top-level fields (on the last chunk when streaming, which carries {@code usage}
 * too and is followed by {@code data: [DONE]} as OpenAI's is). What a client library checks is
 * kept: {@code data: } lines with a space, the requested model echoed (an unknown one is a 404),
 * {@code developer} messages and text-part arrays accepted, and tools or response formats refused
 * with a 400 saying they are unsupported rather than silently ignored.
 */
@Tag(name = "answers", description = "Questions answered from a collection, with citations")
@RestController
class ChatCompletionController {

  private final AnswerPipeline pipeline;
  private final GenerationProperties properties;
  private final QueryRewriter rewriter;
  private final ConversationProperties conversation;
  private final ServedModels models;
  private final LanguageModel model;
  private final JsonMapper json;

  ChatCompletionController(
      AnswerPipeline pipeline,
      GenerationProperties properties,
      QueryRewriter rewriter,
      ConversationProperties conversation,
      ServedModels models,
      LanguageModel model,
      JsonMapper json) {
    this.pipeline = pipeline;
    this.properties = properties;
    this.rewriter = rewriter;
    this.conversation = conversation;
    this.models = models;
    this.model = model;
    this.json = json;
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
    refuseUnsupported(body);
    String modelId = models.resolve(body.model());
    Messages.Chat chat = Messages.chat(body.messages(), conversation);
    AnswerQuery query =
        AnswerQuery.validate(
            chat.question(),
            body.collection(),
            null,
            body.maxTokens(),
            body.temperature(),
            body.seed(),
            properties);
    if (!chat.history().isEmpty()) {
      query = query.standalone(rewriter.standalone(chat.history(), query.question()));
    }
    String id = "chatcmpl-" + UUID.randomUUID();
    long created = System.currentTimeMillis() / 1000;
    PreparedAnswer prepared = pipeline.prepare(query);
    if (!Boolean.TRUE.equals(body.stream())) {
      Answer answer = pipeline.answer(prepared);
      var completion =
          new Completion(
              id,
              "chat.completion",
              created,
              modelId,
              List.of(
                  new Choice(0, new Message("assistant", answer.answer()), finishReason(answer))),
              Usage.of(prepared, answer, model),
              answer.citations(),
              answer.mode(),
              answer.warnings(),
              answer.timings(),
              answer.rewrittenQuery());
      return JsonBody.of(completion);
    }
    SseEmitter emitter =
        SseStream.start(
            pipeline,
            prepared,
            properties.generationTimeout().plusSeconds(30),
            e -> new ChunkEvents(e, id, created, modelId, prepared));
    return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(emitter);
  }

  /**
   * OpenAI's finish reasons: {@code length} when tokens ran out, else {@code stop}. Strict clients
   * reject any other value, so the platform's own ({@code cancelled}, {@code error}, {@code
   * no-sources}) stay in {@code /v1/answers}; the warnings say what happened.
   */
  static String finishReason(Answer answer) {
    return "length".equals(answer.finishReason()) ? "length" : "stop";
  }

  /**
   * A client that asks for tool calls or a structured format would otherwise get plain text it
   * cannot parse; saying so up front is what lets it fall back.
   */
  private static void refuseUnsupported(ChatCompletionRequest body) {
    if (body.tools() != null || body.toolChoice() != null) {
      throw ApiException.invalid(
          body.tools() != null ? "tools" : "tool_choice",
          "tools are not supported: answers come from the collection's documents, with citations");
    }
    if (body.responseFormat() != null) {
      throw ApiException.invalid(
          "response_format",
          "response formats are not supported: answers are text with numbered citations");
    }
  }

  /**
   * OpenAI's chunk stream: role first, content deltas, a final chunk with finish reason, usage and
   * citations.
   */
  private final class ChunkEvents extends SseStream.EmitterSink {
    private final String id;
    private final long created;
    private final String modelId;
    private final PreparedAnswer prepared;

    ChunkEvents(
        SseEmitter emitter, String id, long created, String modelId, PreparedAnswer prepared) {
      super(emitter);
      this.id = id;
      this.created = created;
      this.modelId = modelId;
      this.prepared = prepared;
    }

    @Override
    public void sources(List<SourceView> sources, String mode) throws IOException {
      data(chunk(Map.of("role", "assistant"), null, null));
    }

    @Override
    public void delta(String text) throws IOException {
      data(chunk(Map.of("content", text), null, null));
    }

    @Override
    public void done(Answer answer) throws IOException {
      data(chunk(Map.of(), finishReason(answer), answer));
      send(SseEmitter.event().data(" [DONE]"));
    }

    /**
     * One {@code data: } line: with the space after the colon that OpenAI's streams have (Spring
     * writes none, and some clients' parsers require it).
     */
    private void data(Completion chunk) throws IOException {
      send(SseEmitter.event().data(" " + json.writeValueAsString(chunk)));
    }

    private Completion chunk(Map<String, String> delta, String finishReason, Answer answer) {
      return new Completion(
          id,
          "chat.completion.chunk",
          created,
          modelId,
          List.of(new Choice(0, null, finishReason, delta)),
          answer == null ? null : Usage.of(prepared, answer, model),
          answer == null ? null : answer.citations(),
          answer == null ? null : answer.mode(),
          answer == null ? null : answer.warnings(),
          answer == null ? null : answer.timings(),
          answer == null ? null : answer.rewrittenQuery());
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
      Usage usage,
      List<Citation> citations,
      String mode,
      List<AnswerWarning> warnings,
      Timings timings,
      @JsonProperty("rewritten_query") String rewrittenQuery) {}

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
