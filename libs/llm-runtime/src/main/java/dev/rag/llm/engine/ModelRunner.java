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

  /**
   * Returns the tokens sampled per request id: one for a plain step; for a step with drafts, the
   * drafts that matched what was sampled at their positions, then the first token that did not (or
   * the one after the last draft). Sampling each position from the model's own distribution and
   * keeping a draft only when the sample equals it is the accept/reject rule of speculative
   * sampling for a draft that proposes one token with certainty: greedy output is unchanged, and
   * sampled output keeps the model's distribution.
   */
  public Map<Long, int[]> execute(SchedulerOutput output) {
    release(output);
    for (BlockCopy c : output.blockCopies()) {
      cache.copyBlock(c.source(), c.target());
    }
    List<SequenceSlice> slices = new ArrayList<>(output.sequences().size());
    for (ScheduledSequence s : output.sequences()) {
      slices.add(new SequenceSlice(s.tokens(), s.startPosition(), s.blockTable(), s.logitRows()));
    }
    float[][][] logits = backend.forwardRows(new ForwardBatch(slices), cache);
    Map<Long, int[]> sampled = new HashMap<>();
    for (int i = 0; i < logits.length; i++) {
      ScheduledSequence s = output.sequences().get(i);
      if (s.sample()) {
        Sampler sampler = samplers.computeIfAbsent(s.requestId(), id -> new Sampler(s.sampling()));
        sampled.put(s.requestId(), verify(s, logits[i], sampler));
      }
    }
    return sampled;
  }

  private static int[] verify(ScheduledSequence s, float[][] rows, Sampler sampler) {
    int[] tokens = s.tokens();
    int firstDraft = tokens.length - s.drafts();
    int[] recent = s.recentTokens();
    int[] kept = new int[s.drafts() + 1];
    for (int i = 0; i <= s.drafts(); i++) {
      // The penalty window of position i also holds the drafts kept before it.
      int[] history = recent.length == 0 ? recent : withDrafts(recent, tokens, firstDraft, i);
      kept[i] = sampler.sample(rows[i], history, history.length);
      if (i == s.drafts() || kept[i] != tokens[firstDraft + i]) {
        return java.util.Arrays.copyOf(kept, i + 1);
      }
    }
    throw new AssertionError("unreachable");
  }

  private static int[] withDrafts(int[] recent, int[] tokens, int firstDraft, int count) {
    if (count == 0) {
      return recent;
    }
    int[] history = java.util.Arrays.copyOf(recent, recent.length + count);
    System.arraycopy(tokens, firstDraft, history, recent.length, count);
    int keep = Math.min(history.length, Sampler.PENALTY_WINDOW);
    return java.util.Arrays.copyOfRange(history, history.length - keep, history.length);
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
