package dev.rag.generation.llm;

import java.util.concurrent.CompletableFuture;

/** A running generation: its result when it ends, and a way to stop it early. */
public final class Generation {

  private final long id;
  private final CompletableFuture<?> inEngine;
  private final CompletableFuture<Completion> result;
  private final Runnable cancel;

  /**
   * @param inEngine completed when the request ends where it runs (the engine thread, or the model
   *     server's stream); {@code result} follows from it
   * @param cancel stops it there: at the engine's next step, or by aborting the server's stream
   */
  Generation(
      long id,
      CompletableFuture<?> inEngine,
      CompletableFuture<Completion> result,
      Runnable cancel) {
    this.id = id;
    this.inEngine = inEngine;
    this.result = result;
    this.cancel = cancel;
  }

  public CompletableFuture<Completion> result() {
    return result;
  }

  /** Stops the generation at the engine's next step and releases its KV blocks. */
  public void cancel() {
    if (!inEngine.isDone()) {
      cancel.run();
    }
  }

  public long id() {
    return id;
  }
}
