package dev.rag.llm.engine;

import dev.rag.llm.backend.Backend;
import dev.rag.llm.kv.BlockCopy;
import dev.rag.llm.kv.PagedKvCache;
import dev.rag.llm.model.ForwardBatch;
import dev.rag.llm.model.SequenceSlice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes a {@link SchedulerOutput}: performs copy-on-write copies, runs one batched forward pass
 * through the backend and samples a token for every sequence that reached the end of its known
 * tokens. It never decides who runs.
 */
public final class ModelRunner {
  private final Backend backend;
  private final PagedKvCache cache;

  public ModelRunner(Backend backend, PagedKvCache cache) {
    this.backend = backend;
    this.cache = cache;
  }

  /** Returns the sampled token per request id. */
  public Map<Long, Integer> execute(SchedulerOutput output) {
    for (BlockCopy c : output.blockCopies()) {
      cache.copyBlock(c.source(), c.target());
    }
    List<SequenceSlice> slices = new ArrayList<>(output.sequences().size());
    for (ScheduledSequence s : output.sequences()) {
      slices.add(new SequenceSlice(s.tokens(), s.startPosition(), s.blockTable(), s.sample()));
    }
    float[][] logits = backend.forward(new ForwardBatch(slices), cache);
    Map<Long, Integer> sampled = new HashMap<>();
    for (int i = 0; i < logits.length; i++) {
      ScheduledSequence s = output.sequences().get(i);
      if (s.sample()) {
        Request r = s.request();
        sampled.put(r.id(), r.sampler().sample(logits[i], r.tokenArray(), r.length()));
      }
    }
    return sampled;
  }

  public PagedKvCache cache() {
    return cache;
  }
}
