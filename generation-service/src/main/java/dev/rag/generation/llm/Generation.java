package dev.rag.generation.llm;

import java.util.concurrent.CompletableFuture;

/** A running generation: its result when it ends, and a way to stop it early. */
public final class Generation {

  private final long id;
  private final CompletableFuture<?> inEngine;
  private final CompletableFuture<Completion> result;
  private final LanguageModel model;

  /**
   * @param inEngine completed by the engine thread when the request ends; {@code result} follows
   *     from it
   */
  Generation(
      long id,
      CompletableFuture<?> inEngine,
      CompletableFuture<Completion> result,
      LanguageModel model) {
    this.id = id;
    this.inEngine = inEngine;
    this.result = result;
    this.model = model;
  }

  public CompletableFuture<Completion> result() {
    return result;
  }

  /** Stops the generation at the engine's next step and releases its KV blocks. */
  public void cancel() {
    if (!inEngine.isDone()) {
      model.cancel(id);
    }
  }

  public long id() {
    return id;
  }
}
