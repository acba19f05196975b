package dev.rag.llm.engine;

import dev.rag.llm.backend.Backend;
import dev.rag.llm.kv.BlockCopy;
import dev.rag.llm.kv.PagedKvCache;
import dev.rag.llm.model.ForwardBatch;
import dev.rag.llm.model.SequenceSlice;
import dev.rag.llm.sampling.Sampler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes a {@link SchedulerOutput}: performs copy-on-write copies, runs one batched forward pass
 * through the backend and samples a token for every sequence that reached the end of its known
 * tokens. It never decides who runs, and reads only the output's plain data. It owns one {@link
 * Sampler} per request (its seeded random source must advance across steps, and across a
 * preemption), made when the request is first sampled and dropped when the output reports it
 * finished.
 */
public final class ModelRunner {
  private final Backend backend;
  private final PagedKvCache cache;
  private final Map<Long, Sampler> samplers = new HashMap<>();

  public ModelRunner(Backend backend, PagedKvCache cache) {
    this.backend = backend;
    this.cache = cache;
  }

  /** Returns the sampled token per request id. */
  public Map<Long, Integer> execute(SchedulerOutput output) {
    release(output);
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
        Sampler sampler = samplers.computeIfAbsent(s.requestId(), id -> new Sampler(s.sampling()));
        int[] recent = s.recentTokens();
        sampled.put(s.requestId(), sampler.sample(logits[i], recent, recent.length));
      }
    }
    return sampled;
  }

  /** Forgets the samplers of the requests {@code output} reports finished. */
  public void release(SchedulerOutput output) {
    for (Long id : output.finished()) {
      samplers.remove(id);
    }
  }

  /** Requests whose samplers the runner holds (for leak checks). */
  int samplersHeld() {
    return samplers.size();
  }

  public PagedKvCache cache() {
    return cache;
  }
}
