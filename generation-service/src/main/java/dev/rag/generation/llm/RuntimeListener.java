package dev.rag.generation.llm;

import dev.rag.llm.engine.FinishReason;
import dev.rag.llm.engine.TokenListener;

/** The runtime's token stream turned into the port's text stream: token ids and reasons mapped. */
record RuntimeListener(TextListener text) implements TokenListener {

  @Override
  public void onToken(int token, String textDelta) {
    text.onText(textDelta);
  }

  @Override
  public void onFinish(FinishReason reason, String error) {
    text.onEnd(stopReason(reason));
  }

  /**
   * End tokens and stop strings are both the model stopping; max tokens and a full window both
   * length.
   */
  static StopReason stopReason(FinishReason reason) {
    return switch (reason) {
      case STOP_TOKEN, STOP_STRING -> StopReason.STOP;
      case LENGTH, CONTEXT_FULL -> StopReason.LENGTH;
      case CANCELLED -> StopReason.CANCELLED;
      case ERROR -> StopReason.ERROR;
    };
  }
}
