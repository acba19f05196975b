package dev.rag.encoders.inference;

/** How token vectors of {@code last_hidden_state} become one text vector. */
public enum Pooling {
  /** First token ({@code [CLS]}); what bge was trained with. */
  CLS,
  /** Mean over real (unmasked) tokens; what sentence-transformers MiniLM/mpnet models use. */
  MEAN
}
