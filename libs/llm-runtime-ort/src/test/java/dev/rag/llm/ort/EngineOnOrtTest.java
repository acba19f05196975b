package dev.rag.llm.ort;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.llm.backend.Backend;
import dev.rag.llm.backend.cpu.CpuBackend;
import dev.rag.llm.engine.Engine;
import dev.rag.llm.engine.EngineConfig;
import dev.rag.llm.engine.GenerationRequest;
import dev.rag.llm.engine.LoadedModel;
import dev.rag.llm.engine.Request;
import dev.rag.llm.sampling.SamplingParams;
import dev.rag.llm.testing.SharedModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The continuous-batching engine, unchanged, on the ONNX Runtime backend. */
class EngineOnOrtTest {
  static final String[] PROMPTS = {
    "",
    "Once",
    "Lily and Tom",
    "The dog ran to the park and saw a big red ball",
    "Sam had a toy car. He liked to play with it every day in the sun.",
    "The cat"
  };

  @Test
  void concurrentSequencesOfDifferentLengthsGiveTheJavaBackendsGreedyTokens() throws Exception {
    try (LoadedModel m = LoadedModel.load(SharedModels.storiesF32(), null)) {
      List<List<Integer>> java = generate(m, new CpuBackend(m.config(), m.weights(), 2));
      OrtBackend ort = OrtBackend.create(m.config(), m.weights(), OrtDevice.CPU, 2);
      List<List<Integer>> onOrt = generate(m, ort);
      for (int i = 0; i < PROMPTS.length; i++) {
        assertThat(onOrt.get(i))
            .as("prompt %d: \"%s\"", i, PROMPTS[i])
            .hasSize(40)
            .isEqualTo(java.get(i));
      }
    }
  }

  /**
   * All prompts at once with a token budget of 16, so prompt chunks and decode tokens of several
   * sequences share steps, and prefix caching on (the shared BOS block).
   */
  static List<List<Integer>> generate(LoadedModel m, Backend backend) {
    List<List<Integer>> out = new ArrayList<>();
    try (Engine e =
        new Engine(backend, m.tokenizer(), new EngineConfig(16, 16L << 20, 16, 8, true))) {
      List<Request> requests = new ArrayList<>();
      for (String p : PROMPTS) {
        requests.add(
            e.submit(
                GenerationRequest.of(
                    m.tokenizer().encode(p, true, false), SamplingParams.GREEDY, 40)));
      }
      e.runUntilIdle();
      for (Request r : requests) {
        out.add(r.result().join().tokens());
      }
    }
    return out;
  }
}
