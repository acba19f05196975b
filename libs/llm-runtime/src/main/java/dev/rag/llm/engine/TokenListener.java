package dev.rag.llm.engine;

/**
 * Receives a request's output as it is generated; called on the engine thread, so keep it quick.
 */
public interface TokenListener {

  /**
   * A new token and the text it completes (possibly empty while a UTF-8 character or stop string is
   * pending). At the end, text still held back arrives once more with token -1.
   */
  void onToken(int token, String textDelta);

  /** Called exactly once, last. */
  void onFinish(FinishReason reason, String error);

  TokenListener NONE =
      new TokenListener() {
        @Override
        public void onToken(int token, String textDelta) {}

        @Override
        public void onFinish(FinishReason reason, String error) {}
      };
}
