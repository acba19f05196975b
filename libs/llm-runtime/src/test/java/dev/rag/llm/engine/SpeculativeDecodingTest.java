package dev.rag.llm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.llm.backend.cpu.CpuBackend;
import dev.rag.llm.sampling.SamplingParams;
import dev.rag.llm.testing.SharedModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Prompt-lookup speculative decoding on stories260K: the drafts change how many tokens a step
 * yields, never which tokens come out, greedy or sampled.
 */
class SpeculativeDecodingTest {
  static LoadedModel model;

  @BeforeAll
  static void load() throws Exception {
    model = LoadedModel.load(SharedModels.storiesF32(), null);
  }

  @AfterAll
  static void close() {
    if (model != null) {
      model.close();
    }
  }

  static Engine engine(long kvBudgetBytes, int tokenBudget, PromptLookup speculation) {
    return new Engine(
        new CpuBackend(model.config(), model.weights(), 2),
        model.tokenizer(),
        new EngineConfig(16, kvBudgetBytes, tokenBudget, 64, true, speculation));
  }

  @Test
  void greedyTokensAreIdenticalWithAndWithoutDraftsAloneAndInATightBatch() {
    List<int[]> prompts = new ArrayList<>();
    for (String p : EngineTest.PROMPTS) {
      prompts.add(model.tokenizer().encode(p, true, false));
    }
    // A source-then-question prompt whose continuation copies from the source, as RAG answers do.
    prompts.add(
        model
            .tokenizer()
            .encode(
                "Lily had a red ball. She played with the red ball in the park every day. "
                    + "Lily had a red ball. She played with",
                true,
                false));
    List<List<Integer>> plain = run(engine(64L << 20, 256, PromptLookup.OFF), prompts, 64);
    Engine speculative = engine(64L << 20, 256, PromptLookup.of(4));
    assertThat(run(speculative, prompts, 64)).isEqualTo(plain);
    EngineStats alone = speculative.stats();
    assertThat(alone.draftsProposed()).isPositive();
    assertThat(alone.draftsAccepted()).isPositive();
    assertThat(alone.tokensPerVerification()).isGreaterThan(1.0);
    // All at once, with a token budget that cuts drafts short and a KV budget that forces
    // preemptions (drafted positions hold blocks until they are overwritten or freed).
    long tight = 40L * 16 * model.config().kvBytesPerToken();
    Engine batched = engine(tight, 24, PromptLookup.of(6));
    assertThat(runTogether(batched, prompts, 64)).isEqualTo(plain);
    assertThat(batched.stats().draftsAccepted()).isPositive();
    assertThat(batched.stats().preemptions()).isPositive();
    assertThat(batched.kvMetrics().usedBlocks()).isZero();
    assertThat(batched.sequencesHoldingBlocks()).isZero();
    batched.step(); // the runner forgets finished requests' samplers at the next step
    assertThat(batched.samplersHeld()).isZero();
  }

  /**
   * The verifier samples every position exactly once, from the same logits and in the same order as
   * plain decoding (a kept draft is a position whose sample equalled it; a rejected one is replaced
   * by that sample). So with the same seed, sampled output is not only distributed as the model's,
   * it is the very same stream: a stronger check than a statistical one, and one that fails for a
   * verifier that keeps drafts the model did not sample.
   */
  @Test
  void sampledTokensAreTheSameStreamForTheSameSeed() {
    int[] prompt =
        model
            .tokenizer()
            .encode(
                "The cat sat on the mat. The dog sat on the mat. The cat sat on the", true, false);
    int n = 200;
    List<List<Integer>> plain = sampled(engine(64L << 20, 512, PromptLookup.OFF), prompt, n);
    Engine speculative = engine(64L << 20, 512, PromptLookup.of(3));
    assertThat(sampled(speculative, prompt, n)).isEqualTo(plain);
    EngineStats stats = speculative.stats();
    assertThat(stats.draftsAccepted()).isPositive();
    assertThat(stats.draftsAccepted()).isLessThan(stats.draftsProposed()); // rejections happened
  }

  /** Each of {@code n} requests samples 8 tokens of {@code prompt} with its own seed. */
  static List<List<Integer>> sampled(Engine e, int[] prompt, int n) {
    List<Request> rs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rs.add(e.submit(GenerationRequest.of(prompt, SamplingParams.of(1.0f, 1000 + i), 8)));
    }
    e.runUntilIdle();
    List<List<Integer>> out = new ArrayList<>();
    for (Request r : rs) {
      out.add(r.result().join().tokens());
    }
    return out;
  }

  private static List<List<Integer>> run(Engine e, List<int[]> prompts, int tokens) {
    List<List<Integer>> out = new ArrayList<>();
    for (int[] p : prompts) {
      Request r = e.submit(GenerationRequest.of(p, SamplingParams.GREEDY, tokens));
      e.runUntilIdle();
      out.add(r.result().join().tokens());
    }
    return out;
  }

  /** All prompts submitted at once, greedy. */
  static List<List<Integer>> runTogether(Engine e, List<int[]> prompts, int tokens) {
    List<Request> rs = new ArrayList<>();
    for (int[] p : prompts) {
      rs.add(e.submit(GenerationRequest.of(p, SamplingParams.GREEDY, tokens)));
    }
    e.runUntilIdle();
    List<List<Integer>> out = new ArrayList<>();
    for (Request r : rs) {
      out.add(r.result().join().tokens());
    }
    return out;
  }
}
