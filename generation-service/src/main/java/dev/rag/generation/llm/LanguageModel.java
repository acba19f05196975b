package dev.rag.generation.llm;

import dev.rag.generation.answer.PromptFormat;
import dev.rag.generation.config.GenerationProperties;
import dev.rag.llm.engine.Engine;
import dev.rag.llm.engine.EngineConfig;
import dev.rag.llm.engine.EngineLoop;
import dev.rag.llm.engine.GenerationRequest;
import dev.rag.llm.engine.LoadedModel;
import dev.rag.llm.engine.TokenListener;
import dev.rag.llm.kv.KvMetrics;
import dev.rag.llm.sampling.SamplingParams;
import dev.rag.llm.tokenizer.ChatMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The configured generative model, or its absence. With no {@code rag.generation.model}, or a file
 * that fails to load, {@link #available()} is false and answers are extractive; the reason is kept
 * for responses and health. Loaded, it owns one {@link Engine} driven by one {@link EngineLoop}
 * thread: requests from any thread are batched together (continuous batching), and a cancelled
 * request leaves the batch and frees its KV blocks at the next step.
 *
 * <p>Gauges: {@code rag.generation.kv.blocks.used}, {@code .total}, {@code .shared}, {@code
 * rag.generation.kv.sequences} (sequences holding blocks), {@code rag.generation.sequences} (tag
 * {@code state}: running, waiting); counters {@code rag.generation.requests.cancelled}, {@code
 * rag.generation.decode.tokens}.
 */
@Component
public class LanguageModel implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LanguageModel.class);

  private final LoadedModel loaded;
  private final Engine engine;
  private final EngineLoop loop;
  private final String name;
  private final String unavailableReason;
  private final String backendName;
  private final int contextTokens;
  private final Counter cancelled;

  public LanguageModel(GenerationProperties properties, MeterRegistry registry) {
    this.cancelled =
        Counter.builder("rag.generation.requests.cancelled")
            .description("generations stopped before their end (client gone, timeout)")
            .register(registry);
    Path path = properties.model();
    LoadedModel model = null;
    Engine eng = null;
    String reason = null;
    String backendName = null;
    if (path == null) {
      reason = "no generative model configured (rag.generation.model)";
    } else {
      try {
        model = LoadedModel.load(path, null);
        long perSequence = (long) model.config().contextLength() * model.config().kvBytesPerToken();
        long budget = Math.min(properties.kvCache().toBytes(), perSequence * properties.maxBatch());
        int threads =
            properties.threads() > 0
                ? properties.threads()
                : Runtime.getRuntime().availableProcessors();
        ChosenBackend chosen = ChosenBackend.start(properties, model, threads);
        backendName = chosen.name();
        eng =
            new Engine(
                chosen.backend(),
                model.tokenizer(),
                new EngineConfig(
                    EngineConfig.DEFAULT_BLOCK_SIZE, budget, 256, properties.maxBatch(), true));
        log.info(
            "generative model {} loaded on the {} backend: context {} tokens, {} KV blocks",
            path,
            backendName,
            model.config().contextLength(),
            eng.kvMetrics().totalBlocks());
      } catch (Exception | LinkageError e) {
        log.error("generative model {} could not be loaded; answers will be extractive", path, e);
        reason = "generative model " + path.getFileName() + " failed to load: " + e.getMessage();
        if (model != null) {
          model.close();
          model = null;
        }
        eng = null;
      }
    }
    this.loaded = model;
    this.engine = eng;
    this.loop = eng == null ? null : new EngineLoop(eng);
    this.unavailableReason = reason;
    this.backendName = backendName;
    this.name = path == null ? null : path.getFileName().toString().replaceFirst("\\.gguf$", "");
    int modelContext = model == null ? 0 : model.config().contextLength();
    this.contextTokens =
        properties.contextTokens() > 0 && modelContext > 0
            ? Math.min(properties.contextTokens(), modelContext)
            : modelContext;
    Gauge.builder("rag.generation.kv.blocks.used", this, m -> m.kv().usedBlocks())
        .description("KV cache blocks referenced by running requests")
        .baseUnit("blocks")
        .register(registry);
    Gauge.builder("rag.generation.kv.blocks.total", this, m -> m.kv().totalBlocks())
        .description("KV cache blocks in the pool")
        .baseUnit("blocks")
        .register(registry);
    Gauge.builder(
            "rag.generation.kv.sequences",
            this,
            m -> m.engine == null ? 0 : m.engine.sequencesHoldingBlocks())
        .description("requests holding KV blocks")
        .register(registry);
    Gauge.builder("rag.generation.kv.blocks.shared", this, m -> m.kv().sharedBlocks())
        .description("KV blocks referenced by more than one sequence (shared prompt prefixes)")
        .baseUnit("blocks")
        .register(registry);
    Gauge.builder(
            "rag.generation.sequences", this, m -> m.engine == null ? 0 : m.engine.runningCount())
        .tag("state", "running")
        .description("requests in the running batch")
        .register(registry);
    Gauge.builder(
            "rag.generation.sequences", this, m -> m.engine == null ? 0 : m.engine.waitingCount())
        .tag("state", "waiting")
        .description("requests queued or preempted, waiting for KV blocks")
        .register(registry);
    FunctionCounter.builder(
            "rag.generation.decode.tokens",
            this,
            m -> m.engine == null ? 0 : m.engine.stats().generatedTokens())
        .description("tokens generated by the engine")
        .baseUnit("tokens")
        .register(registry);
  }

  public boolean available() {
    return engine != null;
  }

  /** The backend running the model ({@code java}, {@code onnxruntime-cpu}, ...); null when none. */
  public String backendName() {
    return backendName;
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

  public KvMetrics kv() {
    return engine == null
        ? new KvMetrics(0, 0, 0, 0, EngineConfig.DEFAULT_BLOCK_SIZE, 0)
        : engine.kvMetrics();
  }

  /** The model's chat template and tokenizer, for building and measuring prompts. */
  public PromptFormat promptFormat() {
    requireAvailable();
    var template = loaded.chatTemplate();
    var tokenizer = loaded.tokenizer();
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
   * Starts generating after {@code prompt}; {@code listener} receives text deltas on the engine
   * thread. Throws {@link IllegalArgumentException} when the prompt and max tokens do not fit.
   */
  public Generation start(
      String prompt, int maxTokens, SamplingParams sampling, TokenListener listener) {
    requireAvailable();
    int[] tokens = encode(prompt);
    var spec = new GenerationRequest(tokens, sampling, maxTokens, Set.of(), List.of(), listener);
    return new Generation(loop.submit(spec), this);
  }

  void cancel(long requestId) {
    cancelled.increment();
    loop.cancel(requestId);
  }

  private int[] encode(String prompt) {
    boolean bos =
        !loaded.chatTemplate().includesBos() && (loaded.tokenizer().addsBos() || prompt.isEmpty());
    return loaded.tokenizer().encode(prompt, bos, true);
  }

  private void requireAvailable() {
    if (engine == null) {
      throw new IllegalStateException(unavailableReason);
    }
  }

  @Override
  public void close() {
    if (loop != null) {
      loop.close();
      loaded.close();
    }
  }
}
