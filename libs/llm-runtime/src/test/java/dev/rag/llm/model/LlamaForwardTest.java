package dev.rag.llm.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.llm.engine.LoadedModel;
import dev.rag.llm.kv.PagedKvCache;
import dev.rag.llm.tensor.ActivationFormat;
import dev.rag.llm.tensor.ParallelFor;
import dev.rag.llm.testing.SharedModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LlamaForwardTest {

  /** Greedy generation straight on the forward pass, one token per step, blocks in order. */
  static List<Integer> greedy(LoadedModel m, int steps) {
    return greedy(m, steps, ActivationFormat.Q8);
  }

  static List<Integer> greedy(LoadedModel m, int steps, ActivationFormat activations) {
    PagedKvCache cache = new PagedKvCache(m.config().layers(), 64, 16, m.config().kvDim());
    int[] table = new int[64];
    for (int i = 0; i < table.length; i++) {
      table[i] = i;
    }
    LlamaForward f = new LlamaForward(m.config(), m.weights(), ParallelFor.SERIAL, activations);
    List<Integer> out = new ArrayList<>();
    int token = m.tokenizer().bos();
    for (int pos = 0; pos < steps; pos++) {
      float[] logits =
          f.forward(
                  new ForwardBatch(List.of(new SequenceSlice(new int[] {token}, pos, table, true))),
                  cache)[0];
      int best = 0;
      for (int i = 1; i < logits.length; i++) {
        if (logits[i] > logits[best]) {
          best = i;
        }
      }
      out.add(best);
      token = best;
    }
    return out;
  }

  @Test
  void greedyTokenByTokenReproducesTheLlama2cReference() throws Exception {
    try (LoadedModel m = LoadedModel.load(SharedModels.storiesF32(), null)) {
      List<Integer> tokens = greedy(m, 200);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < tokens.size(); i++) {
        String s =
            new String(
                m.tokenizer().tokenBytes(tokens.get(i)), java.nio.charset.StandardCharsets.UTF_8);
        sb.append(i == 0 && s.startsWith(" ") ? s.substring(1) : s);
      }
      assertThat(sb.toString())
          .isEqualTo(SharedModels.expected("expected_llama2c_test_all_n200.txt"));
    }
  }
}
