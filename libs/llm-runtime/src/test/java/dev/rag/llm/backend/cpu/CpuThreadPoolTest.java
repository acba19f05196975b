package dev.rag.llm.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class CpuThreadPoolTest {

  @Test
  void coversEveryIndexExactlyOnce() {
    try (CpuThreadPool pool = new CpuThreadPool(3)) {
      AtomicIntegerArray hits = new AtomicIntegerArray(10_007);
      pool.run(
          hits.length(),
          16,
          (from, to) -> {
            for (int i = from; i < to; i++) {
              hits.incrementAndGet(i);
            }
          });
      for (int i = 0; i < hits.length(); i++) {
        assertThat(hits.get(i)).as("index %d", i).isEqualTo(1);
      }
    }
  }

  @Test
  void loopsBackToBackAndAfterTheWorkersParkedCoverEveryIndex() throws Exception {
    try (CpuThreadPool pool = new CpuThreadPool(2)) {
      for (int round = 0; round < 500; round++) {
        assertCoversEveryIndexOnce(pool, 1 + round * 7);
      }
      Thread.sleep(20); // longer than the workers poll before parking
      assertCoversEveryIndexOnce(pool, 4096);
    }
  }

  @Test
  void aLoopInsideALoopRunsOnItsCaller() {
    try (CpuThreadPool pool = new CpuThreadPool(2)) {
      AtomicIntegerArray hits = new AtomicIntegerArray(64 * 64);
      pool.run(
          64,
          1,
          (from, to) -> {
            for (int i = from; i < to; i++) {
              int row = i;
              pool.run(
                  64,
                  1,
                  (f, t) -> {
                    for (int j = f; j < t; j++) {
                      hits.incrementAndGet(row * 64 + j);
                    }
                  });
            }
          });
      for (int i = 0; i < hits.length(); i++) {
        assertThat(hits.get(i)).as("index %d", i).isEqualTo(1);
      }
    }
  }

  private static void assertCoversEveryIndexOnce(CpuThreadPool pool, int n) {
    AtomicIntegerArray hits = new AtomicIntegerArray(n);
    pool.run(
        n,
        1,
        (from, to) -> {
          for (int i = from; i < to; i++) {
            hits.incrementAndGet(i);
          }
        });
    for (int i = 0; i < n; i++) {
      assertThat(hits.get(i)).as("index %d of %d", i, n).isEqualTo(1);
    }
  }

  @Test
  void propagatesFailuresToTheCaller() {
    try (CpuThreadPool pool = new CpuThreadPool(2)) {
      assertThatThrownBy(
              () ->
                  pool.run(
                      1000,
                      1,
                      (from, to) -> {
                        throw new IllegalStateException("boom");
                      }))
          .hasMessageContaining("boom");
      // The pool still works after a failed loop.
      assertCoversEveryIndexOnce(pool, 1000);
    }
  }

  @Test
  void rejectsThreadCountsOutsideTheRange() {
    assertThatThrownBy(() -> new CpuThreadPool(0))
        .hasMessageContaining("threads = 0; allowed 1..1024");
  }
}
