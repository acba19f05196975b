package dev.rag.llm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rag.llm.backend.cpu.CpuThreadPool;
import dev.rag.llm.engine.LoadedModel;
import dev.rag.llm.kv.PagedKvCache;
import dev.rag.llm.testing.SharedModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Paged, chunked, batched attention must equal the contiguous one-token-at-a-time reference. */
class PagedAttentionTest {

  @Test
  void pagedChunkedBatchedLogitsEqualContiguousReferenceWithinRelative1e5() throws Exception {
    try (LoadedModel m = LoadedModel.load(SharedModels.storiesF32(), null);
        CpuThreadPool pool = new CpuThreadPool(2)) {
      ModelConfig c = m.config();
      int blockSize = 4;
      PagedKvCache cache = new PagedKvCache(c.layers(), 64, blockSize, c.kvDim());
      // Two sequences with interleaved, out-of-order blocks.
      int[] tableA = new int[32];
      int[] tableB = new int[32];
      for (int i = 0; i < 32; i++) {
        tableA[i] = 63 - 2 * i;
        tableB[i] = 2 * i;
      }
      int[] promptA =
          m.tokenizer()
              .encode("Once upon a time, there was a little dog who liked to run", true, false);
      int[] promptB = m.tokenizer().encode("Lily", true, false);
      LlamaForward paged = new LlamaForward(c, m.weights(), pool);
      ContiguousReference refA = new ContiguousReference(c, m.weights(), 128);
      ContiguousReference refB = new ContiguousReference(c, m.weights(), 128);

      List<Integer> seqA = new ArrayList<>(Arrays.stream(promptA).boxed().toList());
      List<Integer> seqB = new ArrayList<>(Arrays.stream(promptB).boxed().toList());
      float[] expectA = null;
      for (int p = 0; p < promptA.length; p++) {
        expectA = refA.forward(promptA[p], p);
      }
      float[] expectB = null;
      for (int p = 0; p < promptB.length; p++) {
        expectB = refB.forward(promptB[p], p);
      }
      // Prefill A in chunks of 5 (B's prompt rides along with A's first chunk).
      int doneA = 0;
      float[][] out = null;
      boolean first = true;
      while (doneA < promptA.length) {
        int n = Math.min(5, promptA.length - doneA);
        List<SequenceSlice> slices = new ArrayList<>();
        slices.add(
            new SequenceSlice(
                Arrays.copyOfRange(promptA, doneA, doneA + n),
                doneA,
                tableA,
                doneA + n == promptA.length));
        if (first) {
          slices.add(new SequenceSlice(promptB, 0, tableB, true));
        }
        out = paged.forward(new ForwardBatch(slices), cache);
        if (first) {
          assertClose(out[1], expectB);
          first = false;
        }
        doneA += n;
      }
      assertClose(out[0], expectA);
      // Decode both together for 40 steps, comparing every step.
      for (int step = 0; step < 40; step++) {
        int nextA = argmax(expectA);
        int nextB = argmax(expectB);
        int posA = seqA.size();
        int posB = seqB.size();
        seqA.add(nextA);
        seqB.add(nextB);
        expectA = refA.forward(nextA, posA);
        expectB = refB.forward(nextB, posB);
        out =
            paged.forward(
                new ForwardBatch(
                    List.of(
                        new SequenceSlice(new int[] {nextB}, posB, tableB, true),
                        new SequenceSlice(new int[] {nextA}, posA, tableA, true))),
                cache);
        assertClose(out[0], expectB);
        assertClose(out[1], expectA);
      }
    }
  }

  @Test
  void qwen2LayoutWithBiasesAndNeoxRopeMatchesTheReferenceToo(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    java.nio.file.Path file =
        dev.rag.llm.testing.TinyModels.write(
            dev.rag.llm.testing.TinyModels.llama(
                "qwen2", 48, 2, 6, 2, 64, 128, dev.rag.llm.gguf.GgmlType.F32, 11),
            tmp,
            "q.gguf");
    try (LoadedModel m = LoadedModel.load(file, null)) {
      ModelConfig c = m.config();
      assertThat(c.qkvBias()).isTrue();
      assertThat(c.ropeType()).isEqualTo(RopeType.NEOX);
      PagedKvCache cache = new PagedKvCache(c.layers(), 8, 4, c.kvDim());
      int[] table = {7, 3, 5, 1, 0, 2, 6, 4};
      int[] prompt = {1, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49};
      ContiguousReference ref = new ContiguousReference(c, m.weights(), 32);
      float[] expect = null;
      for (int p = 0; p < prompt.length; p++) {
        expect = ref.forward(prompt[p], p);
      }
      float[] actual =
          new LlamaForward(c, m.weights(), dev.rag.llm.tensor.ParallelFor.SERIAL)
              .forward(new ForwardBatch(List.of(new SequenceSlice(prompt, 0, table, true))), cache)[
              0];
      assertClose(actual, expect);
    }
  }

  @Test
  void headsOfSixtyFourInAnOddGroupMatchTheReferenceOverAPagedPromptAndDecodeSteps(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    // Head size 64 takes the paired attention kernels; three query heads per KV head make the
    // last head of each group pair with itself.
    java.nio.file.Path file =
        dev.rag.llm.testing.TinyModels.write(
            dev.rag.llm.testing.TinyModels.llama(
                "llama", 384, 2, 6, 2, 256, 128, dev.rag.llm.gguf.GgmlType.F32, 5),
            tmp,
            "h64.gguf");
    try (LoadedModel m = LoadedModel.load(file, null);
        CpuThreadPool pool = new CpuThreadPool(2)) {
      ModelConfig c = m.config();
      assertThat(c.headDim()).isEqualTo(64);
      assertThat(c.heads() / c.kvHeads()).isEqualTo(3);
      PagedKvCache cache = new PagedKvCache(c.layers(), 16, 4, c.kvDim());
      int[] table = {9, 2, 15, 0, 7, 12, 4, 1, 11, 3, 14, 5, 8, 6, 13, 10};
      int[] tokens = {1, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57};
      ContiguousReference ref = new ContiguousReference(c, m.weights(), 32);
      LlamaForward paged = new LlamaForward(c, m.weights(), pool);
      int prompt = 13;
      float[] expect = null;
      for (int p = 0; p < prompt; p++) {
        expect = ref.forward(tokens[p], p);
      }
      float[] actual =
          paged
              .forward(
                  new ForwardBatch(
                      List.of(
                          new SequenceSlice(
                              Arrays.copyOfRange(tokens, 0, prompt), 0, table, true))),
                  cache)[0];
      assertClose(actual, expect, HEAD_64_TOLERANCE);
      for (int p = prompt; p < tokens.length; p++) {
        expect = ref.forward(tokens[p], p);
        actual =
            paged
                .forward(
                    new ForwardBatch(
                        List.of(new SequenceSlice(new int[] {tokens[p]}, p, table, true))),
                    cache)[0];
        assertClose(actual, expect, HEAD_64_TOLERANCE);
      }
    }
  }

  /**
   * Heads of 64 sum eight times as many products per score as stories260K's heads of 8, so the
   * reference's one-by-one sums and the runtime's 8-lane chunks part further (seen: 1.5e-5 on a
   * logit of 0.76). A wrong slot, head or weight moves logits by orders of magnitude more.
   */
  private static final float HEAD_64_TOLERANCE = 1e-4f;

  private static void assertClose(float[] actual, float[] expected) {
    // 1e-5, relative above 1: the reference sums attention's products one by one, the runtime
    // in 8-lane chunks, so large logits differ in their last float bits.
    assertClose(actual, expected, 1e-5f);
  }

  private static void assertClose(float[] actual, float[] expected, float absolute) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      float tolerance = absolute * Math.max(1f, Math.abs(expected[i]));
      assertThat(actual[i]).as("logit %d", i).isCloseTo(expected[i], within(tolerance));
    }
  }

  private static int argmax(float[] v) {
    int b = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[b]) {
        b = i;
      }
    }
    return b;
  }
}
