package dev.rag.generation.answer;

import dev.rag.generation.llm.Generation;
import dev.rag.generation.llm.LanguageModel;
import dev.rag.llm.engine.FinishReason;
import dev.rag.llm.engine.TokenListener;
import dev.rag.llm.sampling.SamplingParams;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An answer whose sources are known and whose text is still to be made. {@link #stream} runs on the
 * caller's (virtual) thread: the engine thread only queues text deltas, so a slow client never
 * stalls the batch; when the sink reports the client gone, the generation is cancelled and its KV
 * blocks are freed at the engine's next step.
 */
public final class PreparedAnswer {

  static final String GENERATIVE = "generative";
  static final String EXTRACTIVE = "extractive";

  /** When the request arrived and what retrieval and reranking took. */
  record Stages(long startNanos, double retrievalMs, double rerankMs) {}

  private final AnswerQuery query;
  private final boolean generative;
  private final List<Source> sources;
  private final Prompt prompt;
  private final boolean reranked;
  private final List<AnswerWarning> warnings;
  private final Stages stages;
  private final LanguageModel model;
  private final ExtractiveAnswerer extractive;
  private final Duration timeout;
  private final MeterRegistry meters;
  private double firstTokenMs = -1;

  PreparedAnswer(
      AnswerQuery query,
      boolean generative,
      List<Source> sources,
      Prompt prompt,
      boolean reranked,
      List<AnswerWarning> warnings,
      Stages stages,
      LanguageModel model,
      ExtractiveAnswerer extractive,
      Duration timeout,
      MeterRegistry meters) {
    this.query = query;
    this.generative = generative;
    this.sources = List.copyOf(sources);
    this.prompt = prompt;
    this.reranked = reranked;
    this.warnings = new ArrayList<>(warnings);
    this.stages = stages;
    this.model = model;
    this.extractive = extractive;
    this.timeout = timeout;
    this.meters = meters;
  }

  public String mode() {
    return generative ? GENERATIVE : EXTRACTIVE;
  }

  public List<Source> sources() {
    return sources;
  }

  /**
   * Produces the answer into {@code sink}; returns early (generation cancelled) when the client is
   * gone.
   */
  public void stream(AnswerSink sink) throws IOException {
    if (generative && prompt != null) {
      streamGenerated(sink);
    } else {
      streamExtracted(sink);
    }
  }

  private void streamExtracted(AnswerSink sink) throws IOException {
    sink.sources(views(), mode());
    String text;
    List<Citation> citations = new ArrayList<>();
    if (generative) {
      // A model is loaded but nothing was retrieved: there is nothing to ground an answer in.
      text = ExtractiveAnswerer.DONT_KNOW;
    } else {
      ExtractiveAnswerer.Result result = extractive.answer(query.question(), sources);
      text = result.text();
      for (int number : CitationMapper.map(text, sources.size()).cited()) {
        String sentence =
            result.sentences().stream()
                .filter(s -> s.source() == number)
                .map(ExtractiveAnswerer.CitedSentence::text)
                .findFirst()
                .orElse(null);
        citations.add(Citation.of(sources.get(number - 1), sentence));
      }
    }
    firstTokenMs = elapsedMs();
    sink.delta(text);
    // With a model loaded this text was not generated: the finish reason says so.
    sink.done(finish(text, citations, generative ? "no-sources" : "stop"));
  }

  private void streamGenerated(AnswerSink sink) throws IOException {
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    TokenListener listener =
        new TokenListener() {
          @Override
          public void onToken(int token, String textDelta) {
            if (!textDelta.isEmpty()) {
              events.add(textDelta);
            }
          }

          @Override
          public void onFinish(FinishReason reason, String error) {
            events.add(reason);
          }
        };
    SamplingParams sampling =
        query.temperature() == 0
            ? SamplingParams.GREEDY
            : SamplingParams.of((float) query.temperature(), query.seed());
    Generation generation = model.start(prompt.text(), query.maxTokens(), sampling, listener);
    StringBuilder text = new StringBuilder();
    FinishReason reason;
    try {
      sink.sources(views(), mode());
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        Object event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (event == null) {
          generation.cancel();
          reason = FinishReason.CANCELLED;
          warnings.add(
              new AnswerWarning("generation-timeout", null, "generation stopped after " + timeout));
          break;
        }
        if (event instanceof FinishReason finished) {
          reason = finished;
          break;
        }
        String delta = (String) event;
        if (firstTokenMs < 0) {
          firstTokenMs = elapsedMs();
        }
        text.append(delta);
        sink.delta(delta);
      }
    } catch (IOException | RuntimeException e) {
      generation.cancel();
      throw e;
    } catch (InterruptedException e) {
      generation.cancel();
      Thread.currentThread().interrupt();
      return;
    }
    CitationMapper.Mapped mapped = CitationMapper.map(text.toString().strip(), sources.size());
    for (int dropped : mapped.dropped()) {
      warnings.add(
          new AnswerWarning(
              "invalid-citation",
              dropped,
              "the answer cited ["
                  + dropped
                  + "] but there are "
                  + sources.size()
                  + " sources; the marker was removed"));
    }
    List<Citation> citations =
        mapped.cited().stream().map(n -> Citation.of(sources.get(n - 1), null)).toList();
    sink.done(finish(mapped.text(), citations, finishReason(reason)));
  }

  private Answer finish(String text, List<Citation> citations, String finishReason) {
    double total = elapsedMs();
    Timer.builder("rag.generation.answer.duration")
        .tag("mode", mode())
        .description("time from request to final citations")
        .register(meters)
        .record(Duration.ofNanos(System.nanoTime() - stages.startNanos()));
    Timer.builder("rag.generation.time-to-first-token")
        .tag("mode", mode())
        .description("time from request to the first answer text")
        .publishPercentileHistogram()
        .register(meters)
        .record(Duration.ofNanos((long) ((firstTokenMs < 0 ? total : firstTokenMs) * 1e6)));
    return new Answer(
        text,
        mode(),
        generative ? model.name() : null,
        query.collection(),
        citations,
        views(),
        reranked,
        finishReason,
        List.copyOf(warnings),
        new Timings(
            stages.retrievalMs(),
            stages.rerankMs(),
            firstTokenMs < 0 ? total : firstTokenMs,
            total));
  }

  private List<SourceView> views() {
    return sources.stream().map(SourceView::of).toList();
  }

  private double elapsedMs() {
    return AnswerPipeline.ms(System.nanoTime() - stages.startNanos());
  }

  private static String finishReason(FinishReason reason) {
    return switch (reason) {
      case STOP_TOKEN, STOP_STRING -> "stop";
      case LENGTH, CONTEXT_FULL -> "length";
      default -> reason.name().toLowerCase(Locale.ROOT);
    };
  }
}
