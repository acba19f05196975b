package dev.rag.llm.model;

import java.util.List;

/** Everything one forward pass computes: slices of several sequences, run as one token batch. */
public record ForwardBatch(List<SequenceSlice> slices) {
  public ForwardBatch {
    slices = List.copyOf(slices);
  }

  public int totalTokens() {
    int n = 0;
    for (SequenceSlice s : slices) {
      n += s.tokens().length;
    }
    return n;
  }
}
