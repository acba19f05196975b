package dev.rag.generation.llm;

import dev.rag.generation.config.GenerationProperties;
import dev.rag.llm.engine.Engine;
import dev.rag.llm.engine.EngineConfig;
import dev.rag.llm.engine.EngineLoop;
import dev.rag.llm.engine.GenerationRequest;
import dev.rag.llm.engine.GenerationResult;
import dev.rag.llm.engine.Request;
import dev.rag.llm.kv.KvMetrics;
import dev.rag.llm.sampling.SamplingParams;
import dev.rag.llm.tokenizer.ChatMessage;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The service's one port to the generative model, or to its absence. Callers speak the port's types
 * ({@link CompletionRequest}, {@link TextListener}, {@link Generation}, {@link PromptFormat}); the
 * runtime's stay in this package. With no {@code rag.generation.model}, or a file that fails to
 * load, {@link #available()} is false and answers are extractive; the reason is kept for responses
 * and health. Loaded, it owns one {@link Engine} driven by one {@link EngineLoop} thread ({@link
 * RunningModel}): requests from any thread are batched together (continuous batching), and a
 * cancelled request leaves the batch and frees its KV blocks at the next step. Its state is
 * published by {@link EngineMeters}.
 */
@Component
public class LanguageModel implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LanguageModel.class);

  /** What the gauges read when no model runs: an empty pool. */
  private static final KvMetrics NO_KV =
      new KvMetrics(0, 0, 0, 0, EngineConfig.DEFAULT_BLOCK_SIZE, 0);

  private final RunningModel running;
  private final String name;
  private final String unavailableReason;
  private final int contextTokens;
  private final EngineMeters meters;

  public LanguageModel(GenerationProperties properties, MeterRegistry registry) {
    Path path = properties.model();
    RunningModel started = null;
    String reason = null;
    if (path == null) {
      reason = "no generative model configured (rag.generation.model)";
    } else {
      try {
        started = RunningModel.start(path, properties);
      } catch (Exception | LinkageError e) {
        log.error("generative model {} could not be loaded; answers will be extractive", path, e);
        reason = "generative model " + path.getFileName() + " failed to load: " + e.getMessage();
      }
    }
    this.running = started;
    this.unavailableReason = reason;
    this.name = path == null ? null : path.getFileName().toString().replaceFirst("\\.gguf$", "");
    this.contextTokens =
        contextTokens(properties.contextTokens(), started == null ? 0 : started.contextLength());
    this.meters = new EngineMeters(this, registry);
  }

  /**
   * {@code rag.generation.context-tokens} caps the model's own window (models trained on shorter
   * text than their metadata claims); 0 keeps the model's.
   */
  static int contextTokens(int configured, int modelContext) {
    return configured > 0 && modelContext > 0 ? Math.min(configured, modelContext) : modelContext;
  }

  public boolean available() {
    return running != null;
  }

  /** The backend running the model ({@code java}, {@code onnxruntime-cpu}, ...); null when none. */
  public String backendName() {
    return running == null ? null : running.backendName();
  }

  /** Why the service answers extractively; null when the model is available. */
  public String unavailableReason() {
    return unavailableReason;
  }

  /** The model's id (file name without {@code .gguf}); null when none is configured. */
  public String name() {
    return name;
  }

  /** Prompt plus answer tokens one request may use. */
  public int contextTokens() {
    return contextTokens;
  }

  /** The engine, or null without a model (read by the meters). */
  Engine engine() {
    return running == null ? null : running.engine();
  }

  /** The KV cache's occupancy; an empty pool without a model. */
  KvMetrics kv() {
    return running == null ? NO_KV : running.engine().kvMetrics();
  }

  /** The model's chat template and tokenizer, for building and measuring prompts. */
  public PromptFormat promptFormat() {
    requireAvailable();
    var template = running.loaded().chatTemplate();
    return new PromptFormat() {
      @Override
      public String render(String system, String user) {
        return template.render(
            List.of(new ChatMessage("system", system), new ChatMessage("user", user)), true);
      }

      @Override
      public int tokens(String prompt) {
        return encode(prompt).length;
      }
    };
  }

  /**
   * Starts generating after the request's prompt; {@code listener} receives text deltas on the
   * engine thread. Throws {@link IllegalArgumentException} when the prompt and max tokens do not
   * fit.
   */
  public Generation start(CompletionRequest request, TextListener listener) {
    requireAvailable();
    var spec =
        new GenerationRequest(
            encode(request.prompt()),
            sampling(request),
            request.maxTokens(),
            Set.of(),
            List.of(),
            new RuntimeListener(listener));
    Request submitted = running.loop().submit(spec);
    return new Generation(
        submitted.id(),
        submitted.result(),
        submitted.result().thenApply(LanguageModel::completion),
        this);
  }

  void cancel(long requestId) {
    meters.cancelled();
    running.loop().cancel(requestId);
  }

  private static SamplingParams sampling(CompletionRequest request) {
    return request.isGreedy()
        ? SamplingParams.GREEDY
        : SamplingParams.of((float) request.temperature(), request.seed());
  }

  private static Completion completion(GenerationResult result) {
    return new Completion(
        result.tokens(), result.text(), RuntimeListener.stopReason(result.reason()));
  }

  private int[] encode(String prompt) {
    var loaded = running.loaded();
    boolean bos =
        !loaded.chatTemplate().includesBos() && (loaded.tokenizer().addsBos() || prompt.isEmpty());
    return loaded.tokenizer().encode(prompt, bos, true);
  }

  private void requireAvailable() {
    if (running == null) {
      throw new IllegalStateException(unavailableReason);
    }
  }

  @Override
  public void close() {
    if (running != null) {
      running.close();
    }
  }
}
