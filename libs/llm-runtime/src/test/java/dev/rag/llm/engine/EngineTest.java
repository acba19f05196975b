package dev.rag.llm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.llm.backend.cpu.CpuBackend;
import dev.rag.llm.sampling.SamplingParams;
import dev.rag.llm.testing.SharedModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EngineTest {
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

  static Engine engine(long kvBudgetBytes, int tokenBudget, boolean prefixCaching) {
    return new Engine(
        new CpuBackend(model.config(), model.weights(), 2),
        model.tokenizer(),
        new EngineConfig(16, kvBudgetBytes, tokenBudget, 64, prefixCaching));
  }

  static final String[] PROMPTS = {
    "",
    "Once",
    "Lily and Tom",
    "The dog ran to the park and saw a big red ball",
    "One day",
    "Sam had a toy car. He liked to play with it every day in the sun.",
    "Mom said",
    "The cat",
    "A little bird sat on a tree",
    "Tim",
    "They went to the beach to play",
    "Sue found a shiny rock",
    "The sun was hot",
    "Ben and Mia were best friends. They did everything together, even at school.",
    "Max",
    "Once upon a time, in a big forest, there lived a small bear"
  };

  @Test
  void greedyOutputOfEverySequenceIsTheSameAloneOrInABatchOf16() {
    long budget = 64L << 20;
    List<List<Integer>> alone = new ArrayList<>();
    try (Engine e = engine(budget, 256, false)) {
      for (String p : PROMPTS) {
        Request r =
            e.submit(
                GenerationRequest.of(
                    model.tokenizer().encode(p, true, false), SamplingParams.GREEDY, 48));
        e.runUntilIdle();
        alone.add(r.result().join().tokens());
      }
    }
    // Batched, with a small token budget so prompt chunks and decodes share steps, and a KV budget
    // small enough to force preemptions.
    long tight = 40L * 16 * model.config().kvBytesPerToken();
    try (Engine e = engine(tight, 24, true)) {
      List<Request> rs = new ArrayList<>();
      for (String p : PROMPTS) {
        rs.add(
            e.submit(
                GenerationRequest.of(
                    model.tokenizer().encode(p, true, false), SamplingParams.GREEDY, 48)));
      }
      e.runUntilIdle();
      for (int i = 0; i < PROMPTS.length; i++) {
        assertThat(rs.get(i).result().join().tokens()).as("prompt %d", i).isEqualTo(alone.get(i));
      }
      assertThat(e.stats().preemptions()).isPositive();
      assertThat(e.kvMetrics().usedBlocks()).isZero();
    }
  }

  @Test
  void sharedThousandTokenPrefixIsStoredOnce() {
    int[] prefix = thousandTokenPrefix();
    try (Engine e = engine(64L << 20, 512, true)) {
      Request first =
          e.submit(
              GenerationRequest.of(
                  concat(prefix, model.tokenizer().encode(" Lily", false, false)),
                  SamplingParams.GREEDY,
                  20));
      while (first.computed() < first.promptLength()) {
        e.step();
      }
      List<Request> others = new ArrayList<>();
      for (String s : new String[] {" Tom", " The dog", " Sue went home"}) {
        others.add(
            e.submit(
                GenerationRequest.of(
                    concat(prefix, model.tokenizer().encode(s, false, false)),
                    SamplingParams.GREEDY,
                    20)));
      }
      e.step();
      int prefixBlocks = 1000 / 16; // 62 full blocks; the 63rd holds the first divergent tokens
      assertThat(e.kvMetrics().sharedBlocks()).isEqualTo(prefixBlocks);
      // Four sequences of ~1,005 tokens each: unshared this would be 4 x 63 blocks.
      assertThat(e.kvMetrics().usedBlocks()).isLessThanOrEqualTo(prefixBlocks + 4 * 2);
      e.runUntilIdle();
      // Sharing must not change results: compare with a run without prefix caching.
      try (Engine plain = engine(64L << 20, 512, false)) {
        for (Request r : others) {
          Request again =
              plain.submit(
                  GenerationRequest.of(r.spec().promptTokens(), SamplingParams.GREEDY, 20));
          plain.runUntilIdle();
          assertThat(again.result().join().tokens()).isEqualTo(r.result().join().tokens());
        }
      }
    }
  }

  static int[] thousandTokenPrefix() {
    StringBuilder sb = new StringBuilder();
    while (model.tokenizer().encode(sb.toString(), true, false).length < 1000) {
      sb.append("Once upon a time there was a girl named Lily who loved her dog. ");
    }
    return Arrays.copyOf(model.tokenizer().encode(sb.toString(), true, false), 1000);
  }

  static int[] concat(int[] a, int[] b) {
    int[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  @Test
  void promptLongerThanTheContextIsRejectedClearlyAndTheEngineKeepsServing() {
    try (Engine e = engine(64L << 20, 256, true)) {
      Request running = e.submit(GenerationRequest.of(new int[] {1}, SamplingParams.GREEDY, 30));
      e.step();
      int[] huge = new int[model.config().contextLength() + 5];
      Arrays.fill(huge, 300);
      assertThatThrownBy(() -> e.submit(GenerationRequest.of(huge, SamplingParams.GREEDY, 5)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("context holds 2048");
      assertThatThrownBy(
              () -> e.submit(GenerationRequest.of(new int[] {1, 9999}, SamplingParams.GREEDY, 5)))
          .hasMessageContaining("token 9999");
      e.runUntilIdle();
      assertThat(running.result().join().tokens()).hasSize(30);
    }
  }

  @Test
  void kvBudgetTooSmallForOneSequenceGivesAClearError() {
    long perBlock = 16 * model.config().kvBytesPerToken();
    assertThatThrownBy(() -> engine(perBlock - 1, 256, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too small for one block");
    try (Engine e = engine(4 * perBlock, 256, true)) {
      assertThatThrownBy(
              () -> e.submit(GenerationRequest.of(new int[] {1}, SamplingParams.GREEDY, 100)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("needs 7 KV blocks")
          .hasMessageContaining("holds only 4");
      Request ok = e.submit(GenerationRequest.of(new int[] {1}, SamplingParams.GREEDY, 40));
      e.runUntilIdle();
      assertThat(ok.result().join().reason()).isEqualTo(FinishReason.LENGTH);
    }
  }

  @Test
  void cancellationFinishesTheRequestAndFreesItsBlocks() {
    try (Engine e = engine(64L << 20, 256, true)) {
      Request a = e.submit(GenerationRequest.of(new int[] {1}, SamplingParams.GREEDY, 500));
      Request b = e.submit(GenerationRequest.of(new int[] {1}, SamplingParams.GREEDY, 10));
      for (int i = 0; i < 5; i++) {
        e.step();
      }
      e.cancel(a.id());
      e.runUntilIdle();
      assertThat(a.result().join().reason()).isEqualTo(FinishReason.CANCELLED);
      assertThat(a.result().join().tokens().size()).isLessThan(500);
      assertThat(b.result().join().reason()).isEqualTo(FinishReason.LENGTH);
      assertThat(e.kvMetrics().usedBlocks()).isZero();
    }
  }

  @Test
  void stopStringEndsTheTextAndStreamedDeltasAddUpToTheResult() {
    StringBuilder streamed = new StringBuilder();
    TokenListener listener =
        new TokenListener() {
          @Override
          public void onToken(int token, String textDelta) {
            streamed.append(textDelta);
          }

          @Override
          public void onFinish(FinishReason reason, String error) {}
        };
    try (Engine e = engine(64L << 20, 256, true)) {
      Request r =
          e.submit(
              new GenerationRequest(
                  new int[] {1},
                  SamplingParams.GREEDY,
                  200,
                  Set.of(),
                  List.of("red ball"),
                  listener));
      e.runUntilIdle();
      GenerationResult res = r.result().join();
      assertThat(res.reason()).isEqualTo(FinishReason.STOP_STRING);
      assertThat(res.text())
          .isEqualTo(
              "Once upon a time, there was a little girl named Lily. She loved to play "
                  + "outside in the park. One day, she saw a big, ");
      assertThat(streamed.toString()).isEqualTo(res.text());
    }
  }

  @Test
  void stopTokenEndsGeneration() {
    try (Engine e = engine(64L << 20, 256, true)) {
      int comma = model.tokenizer().encode(",", false, false)[1];
      Request r =
          e.submit(
              new GenerationRequest(
                  new int[] {1},
                  SamplingParams.GREEDY,
                  200,
                  Set.of(comma),
                  List.of(),
                  TokenListener.NONE));
      e.runUntilIdle();
      assertThat(r.result().join().reason()).isEqualTo(FinishReason.STOP_TOKEN);
      assertThat(r.result().join().text()).isEqualTo("Once upon a time,");
    }
  }
}
