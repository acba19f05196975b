package dev.rag.llm.sampling;

import java.util.Arrays;
import java.util.Random;

/**
 * Picks tokens from logits for one sequence: repetition penalty, then greedy or temperature with
 * top-k, min-p and top-p filtering, drawing from the sequence's own seeded random source.
 */
public final class Sampler {
  /** How many recent tokens the repetition penalty looks at. */
  public static final int PENALTY_WINDOW = 64;

  private final SamplingParams params;
  private final Random random;

  public Sampler(SamplingParams params) {
    this.params = params;
    this.random = new Random(params.seed());
  }

  /**
   * @param logits [vocab], modified in place
   * @param history tokens so far (prompt and output); the last {@code historyLength} count
   */
  public int sample(float[] logits, int[] history, int historyLength) {
    if (params.repetitionPenalty() != 1f) {
      penalize(logits, history, historyLength);
    }
    if (params.greedy()) {
      return argmax(logits);
    }
    int[] order = topCandidates(logits, params.topK());
    int keep = order.length;
    double[] probs = new double[keep];
    double max = logits[order[0]] / params.temperature();
    double sum = 0;
    for (int i = 0; i < keep; i++) {
      probs[i] = Math.exp(logits[order[i]] / params.temperature() - max);
      sum += probs[i];
    }
    // min-p: relative to the top probability; top-p: smallest prefix reaching p.
    double cumulative = 0;
    int cut = keep;
    for (int i = 0; i < keep; i++) {
      double p = probs[i] / sum;
      if (i > 0 && p < params.minP() * (probs[0] / sum)) {
        cut = i;
        break;
      }
      cumulative += p;
      if (cumulative >= params.topP()) {
        cut = i + 1;
        break;
      }
    }
    double total = 0;
    for (int i = 0; i < cut; i++) {
      total += probs[i];
    }
    double r = random.nextDouble() * total;
    for (int i = 0; i < cut; i++) {
      r -= probs[i];
      if (r <= 0) {
        return order[i];
      }
    }
    return order[cut - 1];
  }

  /**
   * Token ids by descending logit: the best {@code k} (k > 0) via a bounded min-heap, or all of
   * them. Primitive arrays only, since this runs once per token over vocabularies of 100k+ entries.
   */
  static int[] topCandidates(float[] logits, int k) {
    int n = logits.length;
    int keep = k > 0 ? Math.min(k, n) : n;
    // Key = order-preserving bits of the logit (high word) and the token id (low word).
    long[] heap = new long[keep];
    int size = 0;
    for (int i = 0; i < n; i++) {
      long key = ((long) sortableBits(logits[i]) << 32) | (0xFFFFFFFFL - i);
      if (size < keep) {
        heap[size++] = key;
        siftUp(heap, size - 1);
      } else if (key > heap[0]) {
        heap[0] = key;
        siftDown(heap, size);
      }
    }
    Arrays.sort(heap, 0, size);
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = (int) (0xFFFFFFFFL - (heap[size - 1 - i] & 0xFFFFFFFFL));
    }
    return order;
  }

  /** Float bits mapped so that signed int order equals float order. */
  private static int sortableBits(float f) {
    int b = Float.floatToIntBits(f);
    return b >= 0 ? b : b ^ 0x7FFFFFFF;
  }

  private static void siftUp(long[] h, int i) {
    while (i > 0 && h[(i - 1) / 2] > h[i]) {
      long t = h[i];
      h[i] = h[(i - 1) / 2];
      h[(i - 1) / 2] = t;
      i = (i - 1) / 2;
    }
  }

  private static void siftDown(long[] h, int size) {
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      int smallest = i;
      if (l < size && h[l] < h[smallest]) {
        smallest = l;
      }
      if (l + 1 < size && h[l + 1] < h[smallest]) {
        smallest = l + 1;
      }
      if (smallest == i) {
        return;
      }
      long t = h[i];
      h[i] = h[smallest];
      h[smallest] = t;
      i = smallest;
    }
  }

  private void penalize(float[] logits, int[] history, int historyLength) {
    boolean[] seen = new boolean[logits.length];
    for (int i = Math.max(0, historyLength - PENALTY_WINDOW); i < historyLength; i++) {
      int t = history[i];
      if (!seen[t]) {
        seen[t] = true;
        logits[t] =
            logits[t] > 0
                ? logits[t] / params.repetitionPenalty()
                : logits[t] * params.repetitionPenalty();
      }
    }
  }

  public static int argmax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }
}
