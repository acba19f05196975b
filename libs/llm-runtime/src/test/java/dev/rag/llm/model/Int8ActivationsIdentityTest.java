package dev.rag.llm.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.llm.backend.cpu.CpuThreadPool;
import dev.rag.llm.engine.LoadedModel;
import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.kv.PagedKvCache;
import dev.rag.llm.tensor.ActivationFormat;
import dev.rag.llm.testing.SharedModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With int8 activations, a sequence's logits are bit-identical whether it runs alone or shares its
 * prompt chunks and decode steps with other sequences (activations are quantized per token, and the
 * one-token and four-token kernels do the same arithmetic per token).
 */
class Int8ActivationsIdentityTest {

  @ParameterizedTest
  @EnumSource(
      value = GgmlType.class,
      names = {"Q8_0", "Q4_0"})
  void logitsAloneAndBatchedAreBitIdentical(GgmlType type) throws Exception {
    try (LoadedModel m = LoadedModel.load(SharedModels.storiesF32(), type);
        CpuThreadPool pool = new CpuThreadPool(2)) {
      ModelConfig c = m.config();
      LlamaForward forward = new LlamaForward(c, m.weights(), pool, ActivationFormat.Q8);
      int[] prompt =
          m.tokenizer()
              .encode("Once upon a time, there was a little dog who liked to run", true, false);
      int steps = 24;

      PagedKvCache aloneCache = new PagedKvCache(c.layers(), 16, 4, c.kvDim());
      int[] table = {3, 0, 9, 12, 5, 1, 14, 7, 10, 2, 15, 4};
      List<float[]> alone = new ArrayList<>();
      alone.add(
          forward
              .forward(
                  new ForwardBatch(List.of(new SequenceSlice(prompt, 0, table, true))), aloneCache)[
              0]);
      for (int step = 0; step < steps; step++) {
        int pos = prompt.length + step;
        alone.add(
            forward
                .forward(
                    new ForwardBatch(
                        List.of(
                            new SequenceSlice(
                                new int[] {argmax(alone.getLast())}, pos, table, true))),
                    aloneCache)[0]);
      }

      // Batched: the prompt in chunks of 5 next to two other sequences, then decode steps of three.
      // Three sequences' blocks interleaved in a scrambled order.
      PagedKvCache cache = new PagedKvCache(c.layers(), 48, 4, c.kvDim());
      int[] tableA = new int[16];
      int[] tableB = new int[16];
      int[] tableC = new int[16];
      for (int i = 0; i < 16; i++) {
        tableA[i] = (i * 7 + 3) % 48;
        tableB[i] = (i * 7 + 19) % 48;
        tableC[i] = (i * 7 + 35) % 48;
      }
      int[] promptB = m.tokenizer().encode("Lily", true, false);
      int[] promptC =
          m.tokenizer().encode("The sun was hot and the children went to the beach", true, false);
      int[] lastB = {promptB[promptB.length - 1]};
      int[] lastC = {promptC[promptC.length - 1]};
      forward.forward(
          new ForwardBatch(
              List.of(
                  new SequenceSlice(Arrays.copyOf(promptB, promptB.length - 1), 0, tableB, false),
                  new SequenceSlice(Arrays.copyOf(promptC, promptC.length - 1), 0, tableC, false))),
          cache);
      int posB = promptB.length - 1;
      int posC = promptC.length - 1;
      float[] logitsA = null;
      for (int done = 0; done < prompt.length; done += 5) {
        int end = Math.min(prompt.length, done + 5);
        float[][] out =
            forward.forward(
                new ForwardBatch(
                    List.of(
                        new SequenceSlice(lastB, posB++, tableB, true),
                        new SequenceSlice(
                            Arrays.copyOfRange(prompt, done, end),
                            done,
                            tableA,
                            end == prompt.length),
                        new SequenceSlice(lastC, posC++, tableC, true))),
                cache);
        lastB = new int[] {argmax(out[0])};
        lastC = new int[] {argmax(out[2])};
        logitsA = out[1];
      }
      assertThat(logitsA).as("%s logits after the prompt", type).isEqualTo(alone.get(0));
      for (int step = 0; step < steps; step++) {
        int pos = prompt.length + step;
        float[][] out =
            forward.forward(
                new ForwardBatch(
                    List.of(
                        new SequenceSlice(lastC, posC++, tableC, true),
                        new SequenceSlice(new int[] {argmax(logitsA)}, pos, tableA, true),
                        new SequenceSlice(lastB, posB++, tableB, true))),
                cache);
        lastC = new int[] {argmax(out[0])};
        lastB = new int[] {argmax(out[2])};
        logitsA = out[1];
        assertThat(logitsA)
            .as("%s logits at decode step %d", type, step)
            .isEqualTo(alone.get(step + 1));
      }
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
