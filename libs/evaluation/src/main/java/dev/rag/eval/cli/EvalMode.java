package dev.rag.eval.cli;

import dev.rag.contracts.retrieval.RetrievalMode;

/**
 * What is evaluated: each retrieval mode of {@code /v1/retrieve}, and the hybrid list reranked by
 * the cross-encoder of {@code /v1/rerank} (the order generation-service answers from).
 */
public enum EvalMode {
  BM25("bm25", RetrievalMode.BM25),
  DENSE("dense", RetrievalMode.DENSE),
  HYBRID("hybrid", RetrievalMode.HYBRID),
  HYBRID_RERANK("hybrid+rerank", RetrievalMode.HYBRID);

  private final String label;
  private final RetrievalMode retrieval;

  EvalMode(String label, RetrievalMode retrieval) {
    this.label = label;
    this.retrieval = retrieval;
  }

  /** The name in the table and the JSON line. */
  public String label() {
    return label;
  }

  /** The retrieval mode whose hits this mode ranks. */
  public RetrievalMode retrieval() {
    return retrieval;
  }

  /** Parses a label ({@code bm25}, {@code dense}, {@code hybrid}, {@code hybrid+rerank}). */
  public static EvalMode parse(String label) {
    for (EvalMode mode : values()) {
      if (mode.label.equalsIgnoreCase(label.trim())) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "mode must be one of bm25, dense, hybrid, hybrid+rerank; was '" + label + "'");
  }
}
