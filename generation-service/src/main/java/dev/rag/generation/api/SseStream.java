package dev.rag.generation.api;

import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import dev.rag.generation.answer.AnswerPipeline;
import dev.rag.generation.answer.AnswerSink;
import dev.rag.generation.answer.PreparedAnswer;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Runs a prepared answer into an {@link SseEmitter} on a virtual thread of its own. The client's
 * disconnect shows up as an emitter error or timeout callback, or as an {@link IOException} from a
 * send; either way the sink throws, the pipeline cancels the generation, and the engine frees the
 * request's KV blocks at its next step.
 */
final class SseStream {

  private static final Logger log = LoggerFactory.getLogger(SseStream.class);

  private SseStream() {}

  /** A sink writing to {@code emitter} that fails once the client is gone. */
  abstract static class EmitterSink implements AnswerSink {
    final SseEmitter emitter;
    volatile boolean gone;

    EmitterSink(SseEmitter emitter) {
      this.emitter = emitter;
      emitter.onError(e -> gone = true);
      emitter.onTimeout(() -> gone = true);
      emitter.onCompletion(() -> gone = true);
    }

    void send(SseEmitter.SseEventBuilder event) throws IOException {
      if (gone) {
        throw new IOException("client disconnected");
      }
      try {
        emitter.send(event);
      } catch (IOException | IllegalStateException e) {
        gone = true;
        throw e instanceof IOException io ? io : new IOException(e);
      }
    }
  }

  /**
   * Starts streaming {@code prepared} (by {@code pipeline}) through the sink {@code sinkFor} makes;
   * returns the emitter.
   */
  static SseEmitter start(
      AnswerPipeline pipeline,
      PreparedAnswer prepared,
      Duration timeout,
      Function<SseEmitter, EmitterSink> sinkFor) {
    SseEmitter emitter = new SseEmitter(timeout.toMillis());
    EmitterSink sink = sinkFor.apply(emitter);
    Thread.ofVirtual()
        .name("answer-stream")
        .start(
            () -> {
              try {
                pipeline.stream(prepared, sink);
                emitter.complete();
              } catch (IOException e) {
                log.debug("client went away during an answer stream: {}", e.toString());
                emitter.completeWithError(e);
              } catch (RuntimeException e) {
                log.error("answer stream failed", e);
                try {
                  ProblemType type =
                      e instanceof ApiException api ? api.type() : ProblemType.INTERNAL;
                  sink.send(
                      SseEmitter.event()
                          .name("error")
                          .data(
                              Map.of(
                                  "type",
                                  type.uri().toString(),
                                  "title",
                                  type.title(),
                                  "status",
                                  type.status(),
                                  "detail",
                                  e instanceof ApiException
                                      ? e.getMessage()
                                      : "unexpected error; see the service log")));
                  emitter.complete();
                } catch (IOException ignored) {
                  emitter.completeWithError(e);
                }
              }
            });
    return emitter;
  }
}
