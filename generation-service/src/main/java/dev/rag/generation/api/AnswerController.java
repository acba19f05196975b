package dev.rag.generation.api;

import dev.rag.generation.answer.Answer;
import dev.rag.generation.answer.AnswerPipeline;
import dev.rag.generation.answer.AnswerQuery;
import dev.rag.generation.answer.SourceView;
import dev.rag.generation.config.GenerationProperties;
import dev.rag.generation.conversation.ConversationProperties;
import dev.rag.generation.conversation.History;
import dev.rag.generation.conversation.QueryRewriter;
import dev.rag.generation.expansion.Expansion;
import dev.rag.support.openapi.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code POST /v1/answers}: a question in, a cited answer out, as one JSON document or, with {@code
 * stream: true}, as Server-Sent Events: {@code sources} (before any text), {@code delta} ({@code
 * {"text": ...}}, repeated), {@code done} (the whole answer with citations and timings).
 * Validation, unknown collections and unreachable retrieval are problem details in both forms,
 * since they are decided before the stream starts. With earlier {@code messages} the question is
 * rewritten into a standalone one first (returned as {@code rewrittenQuery}); the answer cites only
 * what that rewrite retrieved.
 */
@Tag(name = "answers", description = "Questions answered from a collection, with citations")
@RestController
class AnswerController {

  private final AnswerPipeline pipeline;
  private final GenerationProperties properties;
  private final QueryRewriter rewriter;
  private final ConversationProperties conversation;

  AnswerController(
      AnswerPipeline pipeline,
      GenerationProperties properties,
      QueryRewriter rewriter,
      ConversationProperties conversation) {
    this.pipeline = pipeline;
    this.properties = properties;
    this.rewriter = rewriter;
    this.conversation = conversation;
  }

  @Operation(
      operationId = "answer",
      summary = "Answer a question from a collection, with numbered citations",
      description =
          "One JSON Answer; with `stream: true` Server-Sent Events (`sources`, `delta`..., `done`);"
              + " with `Accept: text/plain` the answer as streamed text followed by its sources."
              + " Problems are decided before a stream starts, so they are never inside one.")
  @ApiResponse(
      responseCode = "200",
      description = "The answer",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = Answer.class)),
        @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
            schema = @Schema(implementation = StreamEvents.AnswerEvent.class))
      })
  @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
  @ApiResponse(responseCode = "413", ref = ProblemResponses.CONTENT_TOO_LARGE)
  @ApiResponse(responseCode = "504", ref = ProblemResponses.TIMEOUT)
  @PostMapping(path = "/v1/answers", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ResponseBodyEmitter> answer(@RequestBody AnswerRequest body) throws IOException {
    AnswerQuery query = query(body);
    if (!Boolean.TRUE.equals(body.stream())) {
      Answer answer = pipeline.answer(query);
      return JsonBody.of(answer);
    }
    var prepared = pipeline.prepare(query);
    SseEmitter emitter =
        SseStream.start(
            pipeline, prepared, properties.generationTimeout().plusSeconds(30), AnswerEvents::new);
    return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(emitter);
  }

  // Part of "answer" (one path and method is one operation) and named in its description, not as
  // a response media type: generated clients send every documented type in Accept, and text/plain
  // there would select this method over the JSON one.
  @Operation(hidden = true)
  @PostMapping(
      path = "/v1/answers",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.TEXT_PLAIN_VALUE)
  ResponseEntity<ResponseBodyEmitter> answerAsText(@RequestBody AnswerRequest body) {
    AnswerQuery query = query(body);
    var prepared = pipeline.prepare(query);
    ResponseBodyEmitter emitter =
        new ResponseBodyEmitter(properties.generationTimeout().plusSeconds(30).toMillis());
    var sink = new PlainTextAnswer(emitter);
    Thread.ofVirtual()
        .name("answer-text")
        .start(
            () -> {
              try {
                pipeline.stream(prepared, sink);
                emitter.complete();
              } catch (IOException | RuntimeException e) {
                emitter.completeWithError(e);
              }
            });
    return ResponseEntity.ok().contentType(PlainTextAnswer.TEXT).body(emitter);
  }

  /**
   * The validated question; with earlier {@code messages}, its standalone rewrite takes its place
   * (before retrieval, so a follow-up finds what it refers to).
   */
  private AnswerQuery query(AnswerRequest body) {
    History history = Messages.earlier(body.messages(), conversation);
    AnswerQuery query =
        AnswerQuery.validate(
                body.question(),
                body.collection(),
                body.filters(),
                body.maxTokens(),
                body.temperature(),
                body.seed(),
                properties)
            .withExpansion(Expansion.requested(body.expansions()));
    return history.isEmpty()
        ? query
        : query.standalone(rewriter.standalone(history, query.question()));
  }

  /** The platform's event names and payloads. */
  private static final class AnswerEvents extends SseStream.EmitterSink {
    AnswerEvents(SseEmitter emitter) {
      super(emitter);
    }

    @Override
    public void sources(List<SourceView> sources, String mode) throws IOException {
      send(SseEmitter.event().name("sources").data(Map.of("mode", mode, "sources", sources)));
    }

    @Override
    public void delta(String text) throws IOException {
      send(SseEmitter.event().name("delta").data(Map.of("text", text)));
    }

    @Override
    public void done(Answer answer) throws IOException {
      send(SseEmitter.event().name("done").data(answer));
    }
  }
}
