package dev.rag.llm.engine;

import dev.rag.llm.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A request inside the engine: its tokens (prompt, then output), how many of them have K/V in the
 * cache, and its state. Owned by the engine thread's {@link Scheduler}; callers see it through
 * {@link #result()}, the {@link ModelRunner} never (it gets a {@link ScheduledSequence}).
 */
public final class Request {

  /** Lifecycle: waiting for blocks/budget, running (in the batch), finished. */
  public enum State {
    WAITING,
    RUNNING,
    FINISHED
  }

  private final long id;
  private final GenerationRequest spec;
  private final OutputText text;
  private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
  private int[] tokens;
  private int length;
  private final int promptLength;
  private int computed;
  private State state = State.WAITING;
  private int preemptions;

  Request(long id, GenerationRequest spec, Tokenizer tokenizer) {
    this.id = id;
    this.spec = spec;
    this.promptLength = spec.promptTokens().length;
    this.tokens =
        Arrays.copyOf(spec.promptTokens(), promptLength + Math.min(spec.maxTokens(), 1024));
    this.length = promptLength;
    this.text =
        new OutputText(tokenizer, spec.stopStrings(), spec.promptTokens()[promptLength - 1]);
  }

  public long id() {
    return id;
  }

  public GenerationRequest spec() {
    return spec;
  }

  public State state() {
    return state;
  }

  public CompletableFuture<GenerationResult> result() {
    return result;
  }

  /** Tokens so far (prompt and output); only the first {@link #length()} are valid. */
  int[] tokenArray() {
    return tokens;
  }

  public int length() {
    return length;
  }

  public int promptLength() {
    return promptLength;
  }

  public int outputLength() {
    return length - promptLength;
  }

  /** Tokens whose K/V are in the cache. */
  public int computed() {
    return computed;
  }

  public int preemptions() {
    return preemptions;
  }

  int[] allTokens() {
    return Arrays.copyOf(tokens, length);
  }

  void setState(State s) {
    state = s;
  }

  void setComputed(int n) {
    computed = n;
  }

  /** Preempted: its blocks are gone, everything is recomputed later (prompt and output so far). */
  void preempt() {
    computed = 0;
    preemptions++;
    state = State.WAITING;
  }

  /**
   * Appends a sampled token and streams its text; returns whether a stop string ended the output.
   */
  boolean append(int token) {
    if (length == tokens.length) {
      tokens = Arrays.copyOf(tokens, tokens.length * 2);
    }
    tokens[length++] = token;
    String delta = text.add(token);
    spec.listener().onToken(token, delta);
    return text.stopped();
  }

  void finish(FinishReason reason, String error) {
    if (state == State.FINISHED) {
      return;
    }
    state = State.FINISHED;
    String tail = text.finish();
    if (!tail.isEmpty()) {
      spec.listener().onToken(-1, tail);
    }
    spec.listener().onFinish(reason, error);
    List<Integer> out = new ArrayList<>(outputLength());
    for (int i = promptLength; i < length; i++) {
      out.add(tokens[i]);
    }
    result.complete(
        new GenerationResult(
            List.copyOf(out), text.text(), promptLength, reason, error, preemptions));
  }
}
