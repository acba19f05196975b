package dev.rag.llm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.llm.backend.cpu.CpuBackend;
import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.sampling.SamplingParams;
import dev.rag.llm.tensor.ActivationFormat;
import dev.rag.llm.testing.SharedModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link EngineTest}'s alone-versus-batched greedy check on quantized weights with int8
 * activations.
 */
class Int8ActivationsEngineTest {

  @ParameterizedTest
  @EnumSource(
      value = GgmlType.class,
      names = {"Q8_0", "Q4_0"})
  void greedyOutputOfEverySequenceIsTheSameAloneOrInABatchOf16(GgmlType type) throws Exception {
    try (LoadedModel model = LoadedModel.load(SharedModels.storiesF32(), type)) {
      List<List<Integer>> alone = new ArrayList<>();
      try (Engine e = engine(model, 64L << 20, 256)) {
        for (String p : EngineTest.PROMPTS) {
          Request r =
              e.submit(
                  GenerationRequest.of(
                      model.tokenizer().encode(p, true, false), SamplingParams.GREEDY, 48));
          e.runUntilIdle();
          alone.add(r.result().join().tokens());
        }
      }
      try (Engine e = engine(model, 40L * 16 * model.config().kvBytesPerToken(), 24)) {
        List<Request> rs = new ArrayList<>();
        for (String p : EngineTest.PROMPTS) {
          rs.add(
              e.submit(
                  GenerationRequest.of(
                      model.tokenizer().encode(p, true, false), SamplingParams.GREEDY, 48)));
        }
        e.runUntilIdle();
        for (int i = 0; i < EngineTest.PROMPTS.length; i++) {
          assertThat(rs.get(i).result().join().tokens())
              .as("%s prompt %d", type, i)
              .isEqualTo(alone.get(i));
        }
        assertThat(e.stats().preemptions()).isPositive();
      }
    }
  }

  private static Engine engine(LoadedModel model, long kvBudgetBytes, int tokenBudget) {
    return new Engine(
        new CpuBackend(model.config(), model.weights(), 2, ActivationFormat.Q8),
        model.tokenizer(),
        new EngineConfig(16, kvBudgetBytes, tokenBudget, 64, true));
  }
}
