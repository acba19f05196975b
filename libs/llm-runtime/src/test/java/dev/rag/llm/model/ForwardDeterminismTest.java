package dev.rag.llm.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.llm.engine.LoadedModel;
import dev.rag.llm.kv.PagedKvCache;
import dev.rag.llm.sampling.Sampler;
import dev.rag.llm.tensor.ActivationFormat;
import dev.rag.llm.tensor.ParallelFor;
import dev.rag.llm.testing.InterpretedJvm;
import dev.rag.llm.testing.SharedModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A token's logits must not depend on whether the JIT has compiled the kernels yet, or a server's
 * first answers would differ from its later ones for the same request. This JVM runs stories260K
 * (F32 and Q8_0 weights with float activations, and Q8_0 with the int8 path that reproduces
 * llama.cpp) until the kernels are compiled; a child JVM that only interprets ({@code -Xint}) runs
 * the same prompt and decode steps; every logit must have the same bits. The prompt is long enough
 * for the panel products, the decode steps take the one-token kernels.
 */
class ForwardDeterminismTest {

  private static final String PROMPT = "Once upon a time there was a little girl named Lily who";

  static String logitBits(Path model, ActivationFormat activations) throws Exception {
    try (LoadedModel m = LoadedModel.load(model, null)) {
      ModelConfig c = m.config();
      LlamaForward forward = new LlamaForward(c, m.weights(), ParallelFor.SERIAL, activations);
      PagedKvCache cache = new PagedKvCache(c.layers(), 8, 16, c.kvDim());
      int[] table = {3, 1, 4, 0, 2, 5, 7, 6};
      int[] prompt = m.tokenizer().encode(PROMPT, true, false);
      StringBuilder out = new StringBuilder();
      float[] logits =
          forward
              .forward(new ForwardBatch(List.of(new SequenceSlice(prompt, 0, table, true))), cache)[
              0];
      int position = prompt.length;
      for (int step = 0; step < 4; step++) {
        append(out, logits);
        int next = Sampler.argmax(logits);
        logits =
            forward
                .forward(
                    new ForwardBatch(
                        List.of(new SequenceSlice(new int[] {next}, position++, table, true))),
                    cache)[0];
      }
      append(out, logits);
      return out.toString();
    }
  }

  /** Entry point of the interpreting child JVM: model file and activations in, logits' bits out. */
  public static void main(String[] args) throws Exception {
    System.out.print(logitBits(Path.of(args[0]), ActivationFormat.valueOf(args[1])));
  }

  @ParameterizedTest
  @CsvSource({"f32, F32", "q8_0, F32", "q8_0, Q8"})
  void logitsAreTheSameBitsCompiledAndInterpreted(String weights, ActivationFormat activations)
      throws Exception {
    Path model = weights.equals("f32") ? SharedModels.storiesF32() : SharedModels.storiesQ8();
    String compiled = null;
    for (int run = 0; run < 40; run++) {
      compiled = logitBits(model, activations);
    }

    String interpreted =
        InterpretedJvm.run(ForwardDeterminismTest.class, model.toString(), activations.name());

    assertThat(compiled.lines().count()).isEqualTo(5);
    assertThat(interpreted).isEqualTo(compiled);
  }

  private static void append(StringBuilder out, float[] logits) {
    for (float f : logits) {
      out.append(Integer.toHexString(Float.floatToRawIntBits(f))).append(' ');
    }
    out.append('\n');
  }
}
