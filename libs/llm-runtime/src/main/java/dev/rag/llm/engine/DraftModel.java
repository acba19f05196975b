package dev.rag.llm.engine;

import dev.rag.llm.backend.Backend;
import dev.rag.llm.kv.BlockPool;
import dev.rag.llm.kv.KvCacheManager;
import dev.rag.llm.kv.PagedKvCache;
import dev.rag.llm.model.ForwardBatch;
import dev.rag.llm.model.ModelConfig;
import dev.rag.llm.model.SequenceSlice;
import dev.rag.llm.sampling.Sampler;
import dev.rag.llm.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drafts from a smaller model of the same vocabulary (or the same weights quantized lower): it
 * catches up on the tokens its cache has not seen, then proposes its greedy continuation one token
 * at a time. Each request keeps its own blocks in the draft's own paged cache, so a step feeds only
 * what was appended since the last one; a draft the model rejected is simply overwritten. Used from
 * the engine's thread only; the caller owns and closes the backend.
 */
public final class DraftModel implements Drafter {
  private static final System.Logger LOG = System.getLogger(DraftModel.class.getName());

  private final Backend backend;
  private final int draftTokens;
  private final ModelConfig model;
  private final KvCacheManager kv;
  private final PagedKvCache cache;

  /** Per request, how many of its tokens the draft cache holds. */
  private final Map<Long, Integer> computed = new HashMap<>();

  /**
   * @param targetVocabulary the verifying model's vocabulary size, which the draft's must equal
   * @param kvBudgetBytes memory for the draft's own KV cache
   */
  public DraftModel(Backend backend, int draftTokens, int targetVocabulary, long kvBudgetBytes) {
    if (draftTokens < 1 || draftTokens > 64) {
      throw new IllegalArgumentException("draftTokens " + draftTokens + " outside [1, 64]");
    }
    this.model = backend.config();
    requireSameSize(targetVocabulary, model.vocabSize());
    int blockSize = EngineConfig.DEFAULT_BLOCK_SIZE;
    int blocks = PagedKvCache.blocksForBudget(kvBudgetBytes, blockSize, model.kvBytesPerToken());
    if (blocks < 1) {
      throw new IllegalArgumentException("KV budget of " + kvBudgetBytes + " bytes is too small");
    }
    this.backend = backend;
    this.draftTokens = draftTokens;
    this.kv = new KvCacheManager(new BlockPool(blocks), blockSize, false, model.kvBytesPerToken());
    this.cache = new PagedKvCache(model.layers(), blocks, blockSize, model.kvDim());
  }

  /**
   * Throws unless both tokenizers map every id to the same piece: a draft from another vocabulary
   * would propose ids that mean something else to the model (never wrong output, but nothing
   * accepted).
   */
  public static void requireSameTokens(Tokenizer model, Tokenizer draft) {
    requireSameSize(model.vocabSize(), draft.vocabSize());
    for (int id = 0; id < model.vocabSize(); id++) {
      if (!model.piece(id).equals(draft.piece(id))) {
        throw new IllegalArgumentException(
            "the draft model's token "
                + id
                + " differs from the model's; a draft must share the"
                + " model's tokenizer");
      }
    }
  }

  private static void requireSameSize(int modelVocabulary, int draftVocabulary) {
    if (modelVocabulary != draftVocabulary) {
      throw new IllegalArgumentException(
          "the draft model's vocabulary has "
              + draftVocabulary
              + " tokens, the model's "
              + modelVocabulary
              + "; a draft must share the model's tokenizer");
    }
  }

  @Override
  public int draftTokens() {
    return draftTokens;
  }

  @Override
  public int[] propose(long requestId, int[] tokens, int length, int limit) {
    // The k-th draft comes from position length + k - 2, which the draft's context must hold.
    int k = Math.min(Math.min(limit, draftTokens), model.contextLength() - length + 1);
    if (k <= 0 || length < 1) {
      return new int[0];
    }
    // At least the last token is fed again: its logits give the first draft.
    int done = Math.min(computed.getOrDefault(requestId, 0), length - 1);
    Optional<KvCacheManager.Allocation> alloc = kv.allocate(requestId, done, length + k - 1);
    if (alloc.isEmpty()) {
      // The draft cache is full: this request goes without drafts until it has room again.
      forget(requestId);
      return new int[0];
    }
    try {
      // Without prefix caching no block is shared, so the allocation never asks for copies.
      int[] table = alloc.get().blockTable();
      int[] feed = Arrays.copyOfRange(tokens, done, length);
      int position = done;
      int[] drafts = new int[k];
      for (int i = 0; i < k; i++) {
        float[][] logits =
            backend.forward(
                new ForwardBatch(List.of(new SequenceSlice(feed, position, table, true))), cache);
        drafts[i] = Sampler.argmax(logits[0]);
        position += feed.length;
        feed = new int[] {drafts[i]};
      }
      computed.put(requestId, length);
      return drafts;
    } catch (RuntimeException e) {
      // A failing draft must not fail the answer: the step goes on as a plain decode.
      LOG.log(
          System.Logger.Level.WARNING, "draft model failed; no drafts for request " + requestId, e);
      forget(requestId);
      return new int[0];
    }
  }

  @Override
  public void forget(long requestId) {
    kv.free(requestId);
    computed.remove(requestId);
  }

  /** Requests whose blocks the draft cache holds (for leak checks). */
  int requestsHeld() {
    return kv.activeSequences();
  }
}
