package dev.rag.generation.llm;

import dev.rag.llm.engine.GenerationResult;
import dev.rag.llm.engine.Request;
import java.util.concurrent.CompletableFuture;

/** A running generation: its result when it ends, and a way to stop it early. */
public final class Generation {

  private final Request request;
  private final LanguageModel model;

  Generation(Request request, LanguageModel model) {
    this.request = request;
    this.model = model;
  }

  public CompletableFuture<GenerationResult> result() {
    return request.result();
  }

  /** Stops the generation at the engine's next step and releases its KV blocks. */
  public void cancel() {
    if (!request.result().isDone()) {
      model.cancel(request.id());
    }
  }

  public long id() {
    return request.id();
  }
}
