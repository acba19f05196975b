package dev.rag.llm.engine;

import dev.rag.llm.backend.Backend;
import dev.rag.llm.kv.PagedKvCache;
import dev.rag.llm.model.ForwardBatch;
import dev.rag.llm.model.ModelConfig;
import dev.rag.llm.model.RopeType;
import dev.rag.llm.model.SequenceSlice;

/**
 * A model-free backend for scheduler tests: logits favour a token derived from the last token and
 * its position, so outputs are deterministic and cheap. It checks that every position it is asked
 * to compute is covered by the block table.
 */
final class FakeBackend implements Backend {
  static final int VOCAB = 64;
  private final ModelConfig config =
      new ModelConfig(
          "llama", 8, 1, 1, 1, 8, 8, VOCAB, 256, 1e-5f, 10000f, 8, RopeType.NORMAL, false);
  int forwardCalls;

  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
  public float[][] forward(ForwardBatch batch, PagedKvCache cache) {
    forwardCalls++;
    float[][] out = new float[batch.slices().size()][];
    for (int i = 0; i < out.length; i++) {
      SequenceSlice s = batch.slices().get(i);
      if ((long) s.blockTable().length * cache.blockSize() < s.endPosition()) {
        throw new IllegalStateException("block table too short");
      }
      for (int b : s.blockTable()) {
        if (b < 0 || b >= cache.numBlocks()) {
          throw new IllegalStateException("bad block " + b);
        }
      }
      if (s.wantLogits()) {
        int last = s.tokens()[s.tokens().length - 1];
        float[] logits = new float[VOCAB];
        logits[3 + Math.floorMod(last * 31 + s.endPosition() * 7, VOCAB - 3)] = 1f;
        out[i] = logits;
      }
    }
    return out;
  }

  @Override
  public void close() {}
}
