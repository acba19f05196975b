package dev.rag.llm.engine;

import dev.rag.llm.backend.Backend;
import dev.rag.llm.kv.BlockPool;
import dev.rag.llm.kv.KvCacheManager;
import dev.rag.llm.kv.KvMetrics;
import dev.rag.llm.kv.PagedKvCache;
import dev.rag.llm.model.ModelConfig;
import dev.rag.llm.tokenizer.Tokenizer;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Continuous batching: {@link #step()} = schedule, execute, update. Requests join and leave between
 * steps; submissions and cancellations from other threads are queued and applied at the start of
 * the next step. A failing step fails only the requests in that batch; the engine keeps serving.
 */
public final class Engine implements AutoCloseable {
  private final Backend backend;
  private final Tokenizer tokenizer;
  private final ModelConfig model;
  private final KvCacheManager kv;
  private final Scheduler scheduler;
  private final ModelRunner runner;
  private final AtomicLong ids = new AtomicLong();
  private final Queue<Request> incoming = new ConcurrentLinkedQueue<>();
  private final Queue<Long> cancels = new ConcurrentLinkedQueue<>();
  private final Map<Long, Request> active = new java.util.HashMap<>();
  private long promptTokens;
  private long generated;
  private long prefillNanos;
  private long decodeNanos;
  private long decodeTokens;
  private long steps;
  private int peakUsed;
  private long preemptions;
  private long draftsProposed;
  private long draftsAccepted;
  private long verifications;

  /**
   * @param tokenizer used for text output and end-of-generation tokens; may be null (token ids
   *     only)
   */
  public Engine(Backend backend, Tokenizer tokenizer, EngineConfig config) {
    this.backend = backend;
    this.tokenizer = tokenizer;
    this.model = backend.config();
    long bytesPerToken = model.kvBytesPerToken();
    int blocks =
        PagedKvCache.blocksForBudget(config.kvBudgetBytes(), config.blockSize(), bytesPerToken);
    if (blocks < 1) {
      throw new IllegalArgumentException(
          "KV budget of "
              + config.kvBudgetBytes()
              + " bytes is too small for one "
              + "block of "
              + config.blockSize()
              + " tokens ("
              + bytesPerToken * config.blockSize()
              + " bytes); raise the budget");
    }
    this.kv =
        new KvCacheManager(
            new BlockPool(blocks), config.blockSize(), config.prefixCaching(), bytesPerToken);
    this.runner =
        new ModelRunner(
            backend, new PagedKvCache(model.layers(), blocks, config.blockSize(), model.kvDim()));
    this.scheduler =
        new Scheduler(
            kv,
            config.tokenBudget(),
            config.maxRunning(),
            model.contextLength(),
            t -> tokenizer != null && tokenizer.isEndOfGeneration(t),
            // A backend that returns only the last token's logits cannot verify drafts.
            backend.verifiesDrafts() ? config.speculation() : PromptLookup.OFF);
  }

  /**
   * Queues a request. Throws {@link IllegalArgumentException} with a clear message, without
   * affecting other requests, when the prompt does not fit the context or the KV budget.
   */
  public Request submit(GenerationRequest spec) {
    int prompt = spec.promptTokens().length;
    if (prompt >= model.contextLength()) {
      throw new IllegalArgumentException(
          "prompt has "
              + prompt
              + " tokens but the context holds "
              + model.contextLength()
              + " (including at least one generated token)");
    }
    for (int t : spec.promptTokens()) {
      if (t < 0 || t >= model.vocabSize()) {
        throw new IllegalArgumentException(
            "prompt token " + t + " outside [0, " + model.vocabSize() + ")");
      }
    }
    int needed =
        kv.blocksFor((int) Math.min((long) prompt + spec.maxTokens(), model.contextLength()));
    int total = kv.pool().totalBlocks();
    if (needed > total) {
      throw new IllegalArgumentException(
          "request needs "
              + needed
              + " KV blocks ("
              + prompt
              + " prompt + "
              + spec.maxTokens()
              + " max tokens, "
              + kv.blockSize()
              + " tokens per block) but the KV budget "
              + "holds only "
              + total
              + " blocks; raise the budget or lower max tokens");
    }
    Request r = new Request(ids.incrementAndGet(), spec, tokenizer);
    incoming.add(r);
    return r;
  }

  /** Cancels a request (applied at the next step); its blocks are released. */
  public void cancel(long requestId) {
    cancels.add(requestId);
  }

  public boolean hasWork() {
    return scheduler.hasWork() || !incoming.isEmpty() || !cancels.isEmpty();
  }

  /** Runs one step; returns false when there was nothing to run. */
  public boolean step() {
    admitAndCancel();
    SchedulerOutput out = scheduler.schedule();
    preemptions += out.preempted().size();
    if (out.isEmpty()) {
      runner.release(out);
      return false;
    }
    long start = System.nanoTime();
    Map<Long, int[]> sampled;
    try {
      sampled = runner.execute(out);
    } catch (RuntimeException e) {
      // Only this batch fails; blocks are released and the engine keeps serving.
      for (ScheduledSequence s : out.sequences()) {
        Request r = active.remove(s.requestId());
        if (r != null) {
          scheduler.finish(r, FinishReason.ERROR, "forward pass failed: " + e);
        }
      }
      return true;
    }
    peakUsed = Math.max(peakUsed, kv.pool().usedBlocks());
    scheduler.update(out, sampled);
    record(out, sampled, System.nanoTime() - start);
    for (ScheduledSequence s : out.sequences()) {
      Request r = active.get(s.requestId());
      if (r != null && r.state() == Request.State.FINISHED) {
        active.remove(s.requestId());
      }
    }
    return true;
  }

  /** Steps until every submitted request has finished. */
  public void runUntilIdle() {
    while (hasWork()) {
      step();
    }
  }

  private void admitAndCancel() {
    for (Request r = incoming.poll(); r != null; r = incoming.poll()) {
      active.put(r.id(), r);
      scheduler.add(r);
    }
    for (Long id = cancels.poll(); id != null; id = cancels.poll()) {
      Request r = active.remove(id);
      if (r != null) {
        scheduler.finish(r, FinishReason.CANCELLED, null);
      }
    }
  }

  private void record(SchedulerOutput out, Map<Long, int[]> sampled, long nanos) {
    steps++;
    int sampledCount = 0;
    for (int[] tokens : sampled.values()) {
      sampledCount += tokens.length;
    }
    generated += sampledCount;
    boolean prefill = false;
    for (ScheduledSequence s : out.sequences()) {
      if (s.prefill()) {
        prefill = true;
        promptTokens += s.tokens().length;
      }
      if (s.drafts() > 0) {
        verifications++;
        draftsProposed += s.drafts();
        int[] kept = sampled.get(s.requestId());
        draftsAccepted += kept == null ? 0 : kept.length - 1;
      }
    }
    if (prefill) {
      prefillNanos += nanos;
    } else {
      decodeNanos += nanos;
      decodeTokens += sampledCount;
    }
  }

  public EngineStats stats() {
    return new EngineStats(
        promptTokens,
        generated,
        prefillNanos,
        decodeNanos,
        decodeTokens,
        steps,
        peakUsed,
        preemptions,
        draftsProposed,
        draftsAccepted,
        verifications);
  }

  public KvMetrics kvMetrics() {
    return kv.metrics();
  }

  /**
   * Requests in the running batch. Meant for metrics read from other threads: a snapshot that may
   * lag one step behind.
   */
  public int runningCount() {
    return scheduler.runningCount();
  }

  /**
   * Requests submitted but not yet running (queued, or preempted and waiting for blocks); a
   * snapshot.
   */
  public int waitingCount() {
    return scheduler.waitingCount() + incoming.size();
  }

  /** Sequences holding blocks (for leak checks). */
  public int sequencesHoldingBlocks() {
    return kv.activeSequences();
  }

  /** Requests whose samplers the runner still holds (for leak checks). */
  int samplersHeld() {
    return runner.samplersHeld();
  }

  public ModelConfig modelConfig() {
    return model;
  }

  /** Fails everything still queued or running, then closes the backend. */
  @Override
  public void close() {
    admitAndCancel();
    for (Request r : scheduler.activeRequests()) {
      scheduler.finish(r, FinishReason.CANCELLED, "engine closed");
    }
    backend.close();
  }
}
