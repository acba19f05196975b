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
            pool.run(hits.length(), 16, (from, to) -> {
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
    void propagatesFailuresToTheCaller() {
        try (CpuThreadPool pool = new CpuThreadPool(2)) {
            assertThatThrownBy(() -> pool.run(1000, 1, (from, to) -> {
                throw new IllegalStateException("boom");
            })).hasMessageContaining("boom");
        }
    }

    @Test
    void rejectsThreadCountsOutsideTheRange() {
        assertThatThrownBy(() -> new CpuThreadPool(0)).hasMessageContaining("threads = 0; allowed 1..1024");
    }
}
