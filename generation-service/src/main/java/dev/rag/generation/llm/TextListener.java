package dev.rag.generation.llm;

/**
 * Receives a generation's text as it is made. Called on the engine's thread, which decodes every
 * running request in one batch: keep the calls quick (queue the text, do not write to a client).
 */
public interface TextListener {

  /**
   * The text one more token adds; empty while a multi-byte character or a possible stop string is
   * still held back. Text held back at the end arrives in one last call.
   */
  void onText(String delta);

  /** Called exactly once, after the last {@link #onText}. */
  void onEnd(StopReason reason);

  /** Ignores everything (callers that wait for the {@link Completion} instead). */
  TextListener NONE =
      new TextListener() {
        @Override
        public void onText(String delta) {}

        @Override
        public void onEnd(StopReason reason) {}
      };
}
