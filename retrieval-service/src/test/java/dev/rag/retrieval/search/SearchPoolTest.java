package dev.rag.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SearchPoolTest {

  @Test
  void aBurstBeyondThePoolAndItsQueueIsRefusedAtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (SearchPool pool = new SearchPool(1)) {
      Future<String> busy = pool.submit(() -> release.await(10, TimeUnit.SECONDS) ? "ran" : "x");
      List<Future<String>> queued = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        queued.add(pool.submit(() -> "queued", reason -> reason));
      }

      Future<String> refused = pool.submit(() -> "never", reason -> "refused: " + reason);

      assertThat(refused.get()).isEqualTo("refused: search queue full");
      assertThatThrownBy(() -> pool.submit(() -> "never"))
          .isInstanceOf(RejectedExecutionException.class);
      release.countDown();
      assertThat(busy.get(10, TimeUnit.SECONDS)).isEqualTo("ran");
      for (Future<String> task : queued) {
        assertThat(task.get(10, TimeUnit.SECONDS)).isEqualTo("queued");
      }
    }
  }

  @Test
  void runsOnPlatformThreadsNamedForThePool() throws Exception {
    try (SearchPool pool = new SearchPool(2)) {
      Thread thread = pool.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);

      assertThat(thread.isVirtual()).isFalse();
      assertThat(thread.getName()).startsWith("retrieval-search-");
    }
  }

  @Test
  void rejectsASizeOutsideItsRange() {
    assertThatThrownBy(() -> new SearchPool(0)).hasMessageContaining("[1, 1024], was 0");
  }
}
