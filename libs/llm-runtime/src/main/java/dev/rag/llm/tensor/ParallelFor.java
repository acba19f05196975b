package dev.rag.llm.tensor;

/** Splits an index range {@code [0, n)} across worker threads; returns when every index is done. */
public interface ParallelFor {

  /** Work on the half-open range {@code [from, to)}. */
  @FunctionalInterface
  interface RangeBody {
    void run(int from, int to);
  }

  void run(int n, int grain, RangeBody body);

  /** Runs everything on the calling thread (tests, tiny models). */
  ParallelFor SERIAL =
      (n, grain, body) -> {
        if (n > 0) {
          body.run(0, n);
        }
      };
}
