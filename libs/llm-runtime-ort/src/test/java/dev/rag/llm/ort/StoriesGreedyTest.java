package dev.rag.llm.ort;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.llm.backend.Backend;
import dev.rag.llm.backend.cpu.CpuBackend;
import dev.rag.llm.engine.LoadedModel;
import dev.rag.llm.kv.PagedKvCache;
import dev.rag.llm.model.ForwardBatch;
import dev.rag.llm.model.SequenceSlice;
import dev.rag.llm.tensor.ActivationFormat;
import dev.rag.llm.testing.SharedModels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The ONNX Runtime backend reproduces llama2.c's published greedy output of stories260K. */
class StoriesGreedyTest {

  @Test
  void greedyTextOnTheCpuExecutionProviderEqualsTheLlama2cReference() throws Exception {
    try (LoadedModel m = LoadedModel.load(SharedModels.storiesF32(), null);
        OrtBackend backend = OrtBackend.create(m.config(), m.weights(), OrtDevice.CPU, 2)) {
      StringBuilder text = new StringBuilder();
      int[] tokens = greedy(backend, m.tokenizer().bos(), 200);
      for (int i = 0; i < tokens.length; i++) {
        String s = new String(m.tokenizer().tokenBytes(tokens[i]), StandardCharsets.UTF_8);
        text.append(i == 0 && s.startsWith(" ") ? s.substring(1) : s);
      }
      assertThat(text.toString())
          .isEqualTo(SharedModels.expected("expected_llama2c_test_all_n200.txt"));
    }
  }

  /**
   * The published Q8_0 file: its FFN down matrix has rows of 172 inputs, so blocks run across rows
   * and that matrix runs as float MatMul while the others use MatMulNBits; greedy tokens must still
   * equal the Java backend's on the same file (with float activations; see SyntheticLogitsTest).
   */
  @Test
  void publishedQ8FileGivesTheJavaBackendsGreedyTokens() throws Exception {
    try (LoadedModel m = LoadedModel.load(SharedModels.storiesQ8(), null);
        OrtBackend ort = OrtBackend.create(m.config(), m.weights(), OrtDevice.CPU, 2);
        CpuBackend java = new CpuBackend(m.config(), m.weights(), 2, ActivationFormat.F32)) {
      assertThat(ort.quantizedMatrices())
          .as("all but ffn_down, classifier included")
          .isEqualTo(6 * m.config().layers() + 1);
      assertThat(ort.floatMatrices()).as("ffn_down of every layer").isEqualTo(m.config().layers());
      assertThat(greedy(ort, m.tokenizer().bos(), 120))
          .isEqualTo(greedy(java, m.tokenizer().bos(), 120));
    }
  }

  /** One token per step through the backend, blocks in order. */
  static int[] greedy(Backend backend, int first, int steps) {
    PagedKvCache cache =
        new PagedKvCache(backend.config().layers(), 64, 16, backend.config().kvDim());
    int[] table = new int[64];
    for (int i = 0; i < table.length; i++) {
      table[i] = i;
    }
    int[] out = new int[steps];
    int token = first;
    for (int pos = 0; pos < steps; pos++) {
      float[] logits =
          backend
              .forward(
                  new ForwardBatch(
                      java.util.List.of(new SequenceSlice(new int[] {token}, pos, table, true))),
                  cache)[0];
      int best = 0;
      for (int i = 1; i < logits.length; i++) {
        if (logits[i] > logits[best]) {
          best = i;
        }
      }
      out[pos] = best;
      token = best;
    }
    return out;
  }
}
