package dev.rag.generation.llm;

import dev.rag.generation.config.GenerationProperties;
import dev.rag.llm.backend.cpu.CpuBackend;
import dev.rag.llm.engine.DraftModel;
import dev.rag.llm.engine.Drafter;
import dev.rag.llm.engine.Engine;
import dev.rag.llm.engine.EngineConfig;
import dev.rag.llm.engine.EngineLoop;
import dev.rag.llm.engine.LoadedModel;
import dev.rag.llm.engine.PromptLookup;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GGUF model loaded and running: its weights, tokenizer and chat template ({@code loaded}), the
 * continuous-batching engine on the chosen backend, and the one thread that steps it.
 *
 * @param draft the speculative draft model ({@code rag.generation.speculation.mode=draft}), or null
 * @param backendName {@code java}, {@code onnxruntime-cpu} or {@code onnxruntime-cuda}
 */
record RunningModel(
    LoadedModel loaded, LoadedModel draft, Engine engine, EngineLoop loop, String backendName)
    implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunningModel.class);

  /**
   * Most tokens one engine step computes (prompt chunks plus one decode token per running request):
   * long prompts are prefilled in chunks of this size, so decoding requests keep moving meanwhile.
   */
  static final int TOKENS_PER_STEP = 256;

  /** Requests with equal prompt prefixes (the same instructions) share their full KV blocks. */
  static final boolean PREFIX_CACHING = true;

  /**
   * Loads {@code path}, sizes the KV cache, starts the backend and the engine's thread.
   *
   * @throws Exception (or a {@link LinkageError} from a native library) when any step fails; what
   *     was loaded is closed again
   */
  static RunningModel start(Path path, GenerationProperties properties) throws Exception {
    LoadedModel model = LoadedModel.load(path, null);
    LoadedModel draft = null;
    try {
      KvCacheSizing kv =
          KvCacheSizing.of(
              model.config().contextLength(),
              model.config().kvBytesPerToken(),
              properties.kvCache().toBytes(),
              properties.maxBatch());
      ChosenBackend chosen = ChosenBackend.start(properties, model, threads(properties));
      Drafter drafter = PromptLookup.OFF;
      GenerationProperties.Speculation speculation = properties.speculation();
      switch (speculation.mode()) {
        case OFF -> {}
        case LOOKUP -> drafter = PromptLookup.of(speculation.draftTokens());
        case DRAFT -> {
          if (chosen.backend() instanceof CpuBackend cpu) {
            draft = LoadedModel.load(speculation.draftModel(), null);
            DraftModel.requireSameTokens(model.tokenizer(), draft.tokenizer());
            drafter =
                new DraftModel(
                    cpu.sharingThreads(draft.config(), draft.weights()),
                    speculation.draftTokens(),
                    model.config().vocabSize(),
                    kv.budgetBytes()
                        / model.config().kvBytesPerToken()
                        * draft.config().kvBytesPerToken());
          } else {
            log.warn(
                "speculation.mode=draft is ignored: the {} backend does not verify drafts",
                chosen.name());
          }
        }
      }
      Engine engine =
          new Engine(
              chosen.backend(),
              model.tokenizer(),
              new EngineConfig(
                  EngineConfig.DEFAULT_BLOCK_SIZE,
                  kv.budgetBytes(),
                  TOKENS_PER_STEP,
                  properties.maxBatch(),
                  PREFIX_CACHING,
                  drafter));
      log.info(
          "generative model {} loaded on the {} backend: context {} tokens, {} KV blocks",
          path,
          chosen.name(),
          model.config().contextLength(),
          engine.kvMetrics().totalBlocks());
      return new RunningModel(model, draft, engine, new EngineLoop(engine), chosen.name());
    } catch (Exception | LinkageError e) {
      if (draft != null) {
        draft.close();
      }
      model.close();
      throw e;
    }
  }

  /** {@code rag.generation.threads}, or one per core when 0. */
  private static int threads(GenerationProperties properties) {
    return properties.threads() > 0
        ? properties.threads()
        : Runtime.getRuntime().availableProcessors();
  }

  int contextLength() {
    return loaded.config().contextLength();
  }

  /**
   * Stops the engine's thread (failing what still runs), then unmaps the weights (the draft's too).
   */
  @Override
  public void close() {
    loop.close();
    if (draft != null) {
      draft.close();
    }
    loaded.close();
  }
}
