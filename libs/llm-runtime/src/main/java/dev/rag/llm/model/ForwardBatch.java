package dev.rag.llm.model;

import java.util.List;

/** Everything one forward pass computes: slices of several sequences, run as one token batch. */
public record ForwardBatch(List<SequenceSlice> slices) {
  public ForwardBatch {
    slices = List.copyOf(slices);
  }

  /** Each slice's last logits row from {@code rows} (per slice, oldest first), or null. */
  public static float[][] lastRows(float[][][] rows) {
    float[][] last = new float[rows.length][];
    for (int s = 0; s < rows.length; s++) {
      last[s] = rows[s] == null ? null : rows[s][rows[s].length - 1];
    }
    return last;
  }

  /** Whether some slice asks for more than its last token's logits. */
  public boolean wantsSeveralRows() {
    for (SequenceSlice s : slices) {
      if (s.logitRows() > 1) {
        return true;
      }
    }
    return false;
  }

  public int totalTokens() {
    int n = 0;
    for (SequenceSlice s : slices) {
      n += s.tokens().length;
    }
    return n;
  }
}
