package dev.rag.llm.engine;

import dev.rag.llm.kv.BlockCopy;
import dev.rag.llm.kv.KvCacheManager;
import dev.rag.llm.sampling.Sampler;
import dev.rag.llm.sampling.SamplingParams;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Decides who runs in each step under a token budget. Running requests go first (one decode token,
 * or their next prompt chunk); when blocks run out the newest running request is preempted: its
 * blocks are freed and it goes back to the front of the queue to be recomputed later. Then waiting
 * requests join, oldest first, reusing cached prefix blocks, as far as budget and blocks allow. The
 * scheduler never touches tensors; it owns the {@link Request}s and hands the runner only plain
 * data ({@link SchedulerOutput}).
 */
public final class Scheduler {
  private final KvCacheManager kv;
  private final int tokenBudget;
  private final int maxRunning;
  private final int contextLength;
  private final IntPredicate endOfGeneration;
  private final Drafter speculation;
  private final Deque<Request> waiting = new ArrayDeque<>();
  private final List<Request> running = new ArrayList<>();
  private final List<Long> finishedSinceLastStep = new ArrayList<>();

  /**
   * @param endOfGeneration tokens that end any request (EOS, end-of-turn)
   * @param speculation drafts proposed for decode steps ({@link PromptLookup#OFF}: none)
   */
  public Scheduler(
      KvCacheManager kv,
      int tokenBudget,
      int maxRunning,
      int contextLength,
      IntPredicate endOfGeneration,
      Drafter speculation) {
    if (tokenBudget < 1) {
      throw new IllegalArgumentException("tokenBudget " + tokenBudget + " must be >= 1");
    }
    if (maxRunning < 1) {
      throw new IllegalArgumentException("maxRunning " + maxRunning + " must be >= 1");
    }
    this.kv = kv;
    this.tokenBudget = tokenBudget;
    this.maxRunning = maxRunning;
    this.contextLength = contextLength;
    this.endOfGeneration = endOfGeneration;
    this.speculation = speculation;
  }

  public void add(Request r) {
    waiting.addLast(r);
  }

  public boolean hasWork() {
    return !waiting.isEmpty() || !running.isEmpty();
  }

  public int waitingCount() {
    return waiting.size();
  }

  public int runningCount() {
    return running.size();
  }

  public SchedulerOutput schedule() {
    List<ScheduledSequence> batch = new ArrayList<>();
    List<BlockCopy> copies = new ArrayList<>();
    List<Long> preempted = new ArrayList<>();
    int budget = tokenBudget;

    // 1. Running requests keep going; preempt the newest when blocks run out.
    for (int i = 0; i < running.size() && budget > 0; i++) {
      Request r = running.get(i);
      int[] drafts = drafts(r, budget);
      int n = Math.min(r.length() - r.computed(), budget) + drafts.length;
      Optional<KvCacheManager.Allocation> alloc =
          kv.allocate(r.id(), r.computed(), r.computed() + n);
      while (alloc.isEmpty()) {
        Request victim = running.removeLast();
        preempt(victim, batch);
        preempted.add(victim.id());
        if (victim == r) {
          break;
        }
        alloc = kv.allocate(r.id(), r.computed(), r.computed() + n);
      }
      if (alloc.isEmpty()) {
        break; // r itself was preempted; it was the last running request
      }
      batch.add(slice(r, n - drafts.length, drafts, alloc.get()));
      copies.addAll(alloc.get().copies());
      budget -= n;
    }

    // 2. Waiting requests join while budget and blocks last (not after a preemption in this step).
    while (preempted.isEmpty() && budget > 0 && !waiting.isEmpty() && running.size() < maxRunning) {
      Request r = waiting.peekFirst();
      if (r.computed() == 0) {
        r.setComputed(kv.acquireCachedPrefix(r.id(), r.allTokens()));
      }
      int n = Math.min(r.length() - r.computed(), budget);
      Optional<KvCacheManager.Allocation> alloc =
          kv.allocate(r.id(), r.computed(), r.computed() + n);
      if (alloc.isEmpty()) {
        kv.free(r.id()); // give back prefix references; it retries from scratch
        r.setComputed(0);
        break;
      }
      waiting.pollFirst();
      r.setState(Request.State.RUNNING);
      running.add(r);
      batch.add(slice(r, n, new int[0], alloc.get()));
      copies.addAll(alloc.get().copies());
      budget -= n;
    }
    List<Long> finished = List.copyOf(finishedSinceLastStep);
    finishedSinceLastStep.clear();
    return new SchedulerOutput(batch, copies, preempted, finished);
  }

  /**
   * Draft tokens for a request whose next step is a decode, within what the budget, its token limit
   * and the context leave after the token it must compute anyway.
   */
  private int[] drafts(Request r, int budget) {
    if (!speculation.enabled() || r.computed() != r.length() - 1) {
      return new int[0];
    }
    int room =
        Math.min(
            budget - 1,
            Math.min(r.spec().maxTokens() - r.outputLength() - 1, contextLength - r.length() - 1));
    return speculation.propose(r.id(), r.tokenArray(), r.length(), room);
  }

  /** The request's share of this step as plain data, copied out of the request. */
  private static ScheduledSequence slice(
      Request r, int n, int[] drafts, KvCacheManager.Allocation alloc) {
    int[] tokens =
        Arrays.copyOfRange(r.tokenArray(), r.computed(), r.computed() + n + drafts.length);
    System.arraycopy(drafts, 0, tokens, n, drafts.length);
    boolean sample = r.computed() + n == r.length();
    SamplingParams sampling = r.spec().sampling();
    int[] recent =
        sample && sampling.repetitionPenalty() != 1f
            ? Arrays.copyOfRange(
                r.tokenArray(), Math.max(0, r.length() - Sampler.PENALTY_WINDOW), r.length())
            : new int[0];
    return new ScheduledSequence(
        r.id(),
        r.computed(),
        tokens,
        alloc.blockTable(),
        r.computed() < r.promptLength(),
        sample,
        drafts.length,
        sampling,
        recent);
  }

  private void preempt(Request victim, List<ScheduledSequence> batch) {
    batch.removeIf(s -> s.requestId() == victim.id());
    kv.free(victim.id());
    victim.preempt();
    waiting.addFirst(victim);
  }

  /**
   * Applies a step's results: appends sampled tokens (several when drafts were kept), advances
   * computed counts (a rejected draft's K/V is left behind, to be overwritten: only the kept
   * positions count), registers full blocks for prefix sharing and finishes requests that hit a
   * stop condition.
   */
  public void update(SchedulerOutput output, Map<Long, int[]> sampled) {
    Map<Long, Request> byId = new HashMap<>();
    for (Request r : running) {
      byId.put(r.id(), r);
    }
    for (ScheduledSequence s : output.sequences()) {
      Request r = byId.get(s.requestId());
      if (r == null || r.state() != Request.State.RUNNING) {
        continue;
      }
      int[] tokens = sampled.getOrDefault(r.id(), new int[0]);
      FinishReason reason = null;
      for (int i = 0; i < tokens.length && reason == null; i++) {
        boolean stopString = r.append(tokens[i]);
        reason = stopString ? FinishReason.STOP_STRING : stopReason(r, tokens[i]);
      }
      int keptDrafts = Math.max(0, Math.min(s.drafts(), tokens.length - 1));
      int computed = s.startPosition() + s.tokens().length - s.drafts() + keptDrafts;
      r.setComputed(Math.min(computed, r.length()));
      kv.cacheComputedBlocks(r.id(), r.tokenArray(), r.computed());
      if (reason != null) {
        finish(r, reason, null);
      }
    }
  }

  /** Finishes a request wherever it is, releasing its blocks. */
  public void finish(Request r, FinishReason reason, String error) {
    if (r.state() == Request.State.FINISHED) {
      return;
    }
    waiting.remove(r);
    running.remove(r);
    kv.free(r.id());
    speculation.forget(r.id());
    r.finish(reason, error);
    finishedSinceLastStep.add(r.id());
  }

  private FinishReason stopReason(Request r, int token) {
    if (r.spec().stopTokens().contains(token) || endOfGeneration.test(token)) {
      return FinishReason.STOP_TOKEN;
    }
    if (r.outputLength() >= r.spec().maxTokens()) {
      return FinishReason.LENGTH;
    }
    if (r.length() >= contextLength) {
      return FinishReason.CONTEXT_FULL;
    }
    return null;
  }

  /** Requests in the batch or waiting, oldest first (for cancellation and shutdown). */
  public List<Request> activeRequests() {
    List<Request> all = new ArrayList<>(running);
    all.addAll(waiting);
    return all;
  }
}
