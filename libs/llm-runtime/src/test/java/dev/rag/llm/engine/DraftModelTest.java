package dev.rag.llm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.llm.backend.cpu.CpuBackend;
import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.testing.SharedModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Draft-model speculation on stories260K (F32), drafted by the same model in Q8_0 (agrees almost
 * always) and quantized to Q4_0 on load (disagrees often): drafts change how many tokens a step
 * yields, never which tokens come out, and the draft's cache gives back every block.
 */
class DraftModelTest {
  static LoadedModel model;
  static LoadedModel q8;
  static LoadedModel q4;

  @BeforeAll
  static void load() throws Exception {
    model = LoadedModel.load(SharedModels.storiesF32(), null);
    q8 = LoadedModel.load(SharedModels.storiesQ8(), null);
    q4 = LoadedModel.load(SharedModels.storiesF32(), GgmlType.Q4_0);
  }

  @AfterAll
  static void close() {
    for (LoadedModel m : new LoadedModel[] {model, q8, q4}) {
      if (m != null) {
        m.close();
      }
    }
  }

  /** An engine and, when {@code draft} is given, a draft model on the engine's threads. */
  record Setup(Engine engine, DraftModel drafter) {
    static Setup of(LoadedModel draft, int draftTokens, long draftKvBytes, int tokenBudget) {
      CpuBackend backend = new CpuBackend(model.config(), model.weights(), 2);
      DraftModel drafter =
          draft == null
              ? null
              : new DraftModel(
                  backend.sharingThreads(draft.config(), draft.weights()),
                  draftTokens,
                  model.config().vocabSize(),
                  draftKvBytes);
      Engine engine =
          new Engine(
              backend,
              model.tokenizer(),
              new EngineConfig(
                  16,
                  64L << 20,
                  tokenBudget,
                  64,
                  true,
                  drafter == null ? PromptLookup.OFF : drafter));
      return new Setup(engine, drafter);
    }
  }

  static List<int[]> prompts() {
    List<int[]> prompts = new ArrayList<>();
    for (String p : EngineTest.PROMPTS) {
      prompts.add(model.tokenizer().encode(p, true, false));
    }
    return prompts;
  }

  @Test
  void greedyTokensAreIdenticalWithAnAgreeingAndADisagreeingDraft() {
    List<List<Integer>> plain = runTogether(Setup.of(null, 0, 0, 256).engine(), prompts(), 64);
    for (LoadedModel draft : new LoadedModel[] {q8, q4}) {
      Setup s = Setup.of(draft, 4, 8L << 20, 256);
      assertThat(runTogether(s.engine(), prompts(), 64)).isEqualTo(plain);
      EngineStats stats = s.engine().stats();
      assertThat(stats.draftsAccepted()).isPositive();
      assertThat(stats.tokensPerVerification()).isGreaterThan(1.0);
      assertThat(s.drafter().requestsHeld()).isZero();
      if (draft == q4) {
        assertThat(stats.draftsAccepted()).isLessThan(stats.draftsProposed());
      } else {
        // The same weights in Q8_0 nearly always agree; a stale draft cache would not.
        assertThat(stats.acceptanceRate()).isGreaterThan(0.9);
      }
    }
  }

  @Test
  void sampledTokensAreTheSameStreamForTheSameSeed() {
    int[] prompt = model.tokenizer().encode("Once upon a time, there was a little", true, false);
    List<List<Integer>> plain = sampled(Setup.of(null, 0, 0, 512).engine(), prompt, 60);
    Setup s = Setup.of(q4, 3, 8L << 20, 512);
    assertThat(sampled(s.engine(), prompt, 60)).isEqualTo(plain);
    EngineStats stats = s.engine().stats();
    assertThat(stats.draftsAccepted()).isPositive();
    assertThat(stats.draftsAccepted()).isLessThan(stats.draftsProposed());
    assertThat(s.drafter().requestsHeld()).isZero();
  }

  @Test
  void aFullDraftCacheOnlyStopsDraftingAndATightTokenBudgetOnlyShortensDrafts() {
    List<List<Integer>> plain = runTogether(Setup.of(null, 0, 0, 256).engine(), prompts(), 40);
    // Three blocks of 16 positions for all requests together: most of them find no room.
    long threeBlocks = 3L * 16 * q8.config().kvBytesPerToken();
    Setup s = Setup.of(q8, 6, threeBlocks, 20);
    assertThat(runTogether(s.engine(), prompts(), 40)).isEqualTo(plain);
    assertThat(s.engine().stats().draftsAccepted()).isPositive();
    assertThat(s.drafter().requestsHeld()).isZero();
  }

  @Test
  void aDraftOfAnotherVocabularyIsRefused() {
    CpuBackend backend = new CpuBackend(q8.config(), q8.weights(), 1);
    assertThatThrownBy(() -> new DraftModel(backend, 4, q8.config().vocabSize() + 1, 1L << 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vocabulary");
    assertThatThrownBy(() -> new DraftModel(backend, 0, q8.config().vocabSize(), 1L << 20))
        .isInstanceOf(IllegalArgumentException.class);
    DraftModel.requireSameTokens(model.tokenizer(), q8.tokenizer()); // same tokenizer: accepted
    backend.close();
  }

  private static List<List<Integer>> sampled(Engine e, int[] prompt, int n) {
    try (e) {
      return SpeculativeDecodingTest.sampled(e, prompt, n);
    }
  }

  private static List<List<Integer>> runTogether(Engine e, List<int[]> prompts, int tokens) {
    try (e) {
      return SpeculativeDecodingTest.runTogether(e, prompts, tokens);
    }
  }
}
