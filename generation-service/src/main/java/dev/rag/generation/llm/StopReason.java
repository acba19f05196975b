package dev.rag.generation.llm;

import java.util.Locale;

/**
 * Why a generation ended, in the words the service's APIs use ({@link #wireName()}): the model
 * chose to stop (an end token or a stop string), it ran out of tokens (max tokens or the context
 * window), it was cancelled (client gone, timeout), or it failed.
 */
public enum StopReason {
  STOP,
  LENGTH,
  CANCELLED,
  ERROR;

  /** {@code stop}, {@code length}, {@code cancelled} or {@code error}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
