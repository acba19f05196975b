package dev.rag.llm.engine;

/** Why a request stopped. */
public enum FinishReason {
  /** An end-of-generation token or a stop token was sampled. */
  STOP_TOKEN,
  /** A stop string appeared in the text. */
  STOP_STRING,
  /** max tokens were generated. */
  LENGTH,
  /** The context window is full. */
  CONTEXT_FULL,
  CANCELLED,
  /** The request could not be run (see the error message); other requests are unaffected. */
  ERROR
}
