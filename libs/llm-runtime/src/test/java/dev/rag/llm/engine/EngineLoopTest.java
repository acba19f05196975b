package dev.rag.llm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.llm.sampling.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EngineLoopTest {

  @Test
  void servesRequestsSubmittedFromOtherThreadsAndCancelsOnClose() throws Exception {
    FakeBackend backend = new FakeBackend();
    Engine engine =
        new Engine(
            backend,
            null,
            new EngineConfig(4, 64 * 4 * backend.config().kvBytesPerToken(), 64, 16, true));
    List<Request> done = new ArrayList<>();
    Request endless;
    try (EngineLoop loop = new EngineLoop(engine)) {
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int seed = i;
        clients.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      Request r =
                          loop.submit(
                              GenerationRequest.of(
                                  new int[] {3 + seed, 4, 5}, SamplingParams.GREEDY, 10));
                      synchronized (done) {
                        done.add(r);
                      }
                    }));
      }
      for (Thread t : clients) {
        t.join();
      }
      for (Request r : done) {
        assertThat(r.result().get(10, TimeUnit.SECONDS).tokens()).hasSize(10);
      }
      endless = loop.submit(GenerationRequest.of(new int[] {3}, SamplingParams.GREEDY, 200));
      // The listener cancels its own request from the engine thread; on its first token it waits
      // (briefly, test only) until the submitting thread has published the request.
      AtomicReference<Request> self = new AtomicReference<>();
      java.util.concurrent.CountDownLatch published = new java.util.concurrent.CountDownLatch(1);
      TokenListener cancelling =
          new TokenListener() {
            @Override
            public void onToken(int token, String textDelta) {
              try {
                published.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              loop.cancel(self.get().id());
            }

            @Override
            public void onFinish(FinishReason reason, String error) {}
          };
      Request cancelled =
          loop.submit(
              GenerationRequest.of(new int[] {4}, SamplingParams.GREEDY, 200)
                  .withListener(cancelling));
      self.set(cancelled);
      published.countDown();
      GenerationResult result = cancelled.result().get(10, TimeUnit.SECONDS);
      assertThat(result.reason()).isEqualTo(FinishReason.CANCELLED);
      assertThat(result.tokens().size()).isLessThan(200);
    }
    assertThat(endless.result().get(10, TimeUnit.SECONDS).reason())
        .isIn(FinishReason.CANCELLED, FinishReason.LENGTH);
    assertThat(engine.kvMetrics().usedBlocks()).isZero();
  }
}
