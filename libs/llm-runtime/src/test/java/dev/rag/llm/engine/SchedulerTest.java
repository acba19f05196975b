package dev.rag.llm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.llm.sampling.Sampler;
import dev.rag.llm.sampling.SamplingParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class SchedulerTest {

  @Test
  void tenThousandRandomRequestsWithCancellationsAndPreemptionsLeakNoBlock() {
    FakeBackend backend = new FakeBackend();
    long bytesPerToken = backend.config().kvBytesPerToken();
    // 48 blocks of 4 tokens: far fewer than the running requests want, so preemption is frequent.
    EngineConfig config = new EngineConfig(4, 48 * 4 * bytesPerToken, 96, 32, true);
    Random rnd = new Random(7);
    int[] sharedPrefix = rnd.ints(24, 3, FakeBackend.VOCAB).toArray();
    try (Engine engine = new Engine(backend, null, config)) {
      List<Request> all = new ArrayList<>();
      List<Request> live = new ArrayList<>();
      int cancelled = 0;
      while (all.size() < 10_000 || engine.hasWork()) {
        for (int i = 0; i < 3 && all.size() < 10_000; i++) {
          int len = 1 + rnd.nextInt(40);
          int[] prompt = rnd.ints(len, 3, FakeBackend.VOCAB).toArray();
          if (rnd.nextBoolean()) {
            System.arraycopy(sharedPrefix, 0, prompt, 0, Math.min(len, sharedPrefix.length));
          }
          Request r =
              engine.submit(
                  GenerationRequest.of(prompt, SamplingParams.GREEDY, 1 + rnd.nextInt(30)));
          all.add(r);
          live.add(r);
        }
        if (!live.isEmpty() && rnd.nextInt(4) == 0) {
          engine.cancel(live.remove(rnd.nextInt(live.size())).id());
          cancelled++;
        }
        engine.step();
        live.removeIf(r -> r.state() == Request.State.FINISHED);
        assertThat(engine.kvMetrics().usedBlocks()).isLessThanOrEqualTo(48);
      }
      assertThat(all).allMatch(r -> r.result().isDone());
      assertThat(engine.kvMetrics().usedBlocks()).isZero();
      assertThat(engine.sequencesHoldingBlocks()).isZero();
      assertThat(engine.stats().preemptions()).isGreaterThan(100);
      assertThat(cancelled).isGreaterThan(1000);
      assertThat(all.stream().map(r -> r.result().join().reason()))
          .contains(FinishReason.CANCELLED, FinishReason.LENGTH);
    }
  }

  @Test
  void preemptedRequestsProduceTheSameTokensAsUnpreemptedOnes() {
    FakeBackend backend = new FakeBackend();
    long bpt = backend.config().kvBytesPerToken();
    int[][] prompts = new int[12][];
    Random rnd = new Random(3);
    for (int i = 0; i < prompts.length; i++) {
      prompts[i] = rnd.ints(5 + i * 3, 3, FakeBackend.VOCAB).toArray();
    }
    List<List<Integer>> roomy =
        run(new Engine(backend, null, new EngineConfig(4, 1000 * 4 * bpt, 64, 16, true)), prompts);
    Engine tight = new Engine(backend, null, new EngineConfig(4, 30 * 4 * bpt, 64, 16, true));
    List<List<Integer>> cramped = run(tight, prompts);
    assertThat(tight.stats().preemptions()).isPositive();
    assertThat(cramped).isEqualTo(roomy);
  }

  /**
   * The runner keeps each request's seeded sampler across steps and preemptions and sees the recent
   * tokens the repetition penalty needs only through the scheduler's plain data: sampled output is
   * the same with and without preemptions, and no sampler outlives its request.
   */
  @Test
  void seededSamplingWithARepetitionPenaltySurvivesPreemptionAndReleasesItsSamplers() {
    FakeBackend backend = new FakeBackend();
    long bpt = backend.config().kvBytesPerToken();
    int[][] prompts = new int[12][];
    Random rnd = new Random(5);
    for (int i = 0; i < prompts.length; i++) {
      prompts[i] = rnd.ints(5 + i * 3, 3, FakeBackend.VOCAB).toArray();
    }
    Engine roomyEngine =
        new Engine(backend, null, new EngineConfig(4, 1000 * 4 * bpt, 64, 16, true));
    List<List<Integer>> roomy = run(roomyEngine, prompts, SchedulerTest::penalizedSampling);
    Engine tight = new Engine(backend, null, new EngineConfig(4, 30 * 4 * bpt, 64, 16, true));
    List<List<Integer>> cramped = run(tight, prompts, SchedulerTest::penalizedSampling);

    assertThat(tight.stats().preemptions()).isPositive();
    assertThat(cramped).isEqualTo(roomy);
    for (int i = 0; i < prompts.length; i++) {
      assertThat(roomy.get(i)).isEqualTo(sampledAlone(prompts[i], penalizedSampling(i), 40));
    }
    tight.step(); // delivers the last finished ids to the runner
    assertThat(tight.samplersHeld()).isZero();
  }

  /**
   * What one request must produce: FakeBackend's logits for its whole history, fed to one sampler
   * that lives as long as the request, 40 times.
   */
  private static List<Integer> sampledAlone(int[] prompt, SamplingParams params, int maxTokens) {
    Sampler sampler = new Sampler(params);
    int[] history = Arrays.copyOf(prompt, prompt.length + maxTokens);
    int length = prompt.length;
    List<Integer> out = new ArrayList<>();
    while (out.size() < maxTokens) {
      float[] logits = new float[FakeBackend.VOCAB];
      logits[3 + Math.floorMod(history[length - 1] * 31 + length * 7, FakeBackend.VOCAB - 3)] = 1f;
      int token = sampler.sample(logits, history, length);
      history[length++] = token;
      out.add(token);
    }
    return out;
  }

  private static SamplingParams penalizedSampling(int request) {
    return new SamplingParams(1.5f, 0, 1f, 0f, 1.3f, 100 + request);
  }

  private static List<List<Integer>> run(Engine engine, int[][] prompts) {
    return run(engine, prompts, i -> SamplingParams.GREEDY);
  }

  private static List<List<Integer>> run(
      Engine engine, int[][] prompts, IntFunction<SamplingParams> sampling) {
    List<Request> rs = new ArrayList<>();
    for (int i = 0; i < prompts.length; i++) {
      rs.add(engine.submit(GenerationRequest.of(prompts[i], sampling.apply(i), 40)));
    }
    engine.runUntilIdle();
    return rs.stream().map(r -> r.result().join().tokens()).toList();
  }

  @Test
  void tokenBudgetSplitsLongPromptsIntoChunks() {
    FakeBackend backend = new FakeBackend();
    Engine engine =
        new Engine(
            backend,
            null,
            new EngineConfig(16, 100 * 16 * backend.config().kvBytesPerToken(), 32, 8, true));
    Request r =
        engine.submit(
            GenerationRequest.of(
                new Random(1).ints(100, 3, 60).toArray(), SamplingParams.GREEDY, 1));
    engine.runUntilIdle();
    assertThat(backend.forwardCalls).isEqualTo(4); // 32 + 32 + 32 + 4 prompt tokens
    assertThat(r.result().join().tokens()).hasSize(1);
  }
}
