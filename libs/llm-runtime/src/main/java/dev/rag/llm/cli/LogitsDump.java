package dev.rag.llm.cli;

import dev.rag.llm.kv.PagedKvCache;
import dev.rag.llm.model.ForwardBatch;
import dev.rag.llm.model.LlamaForward;
import dev.rag.llm.model.ModelConfig;
import dev.rag.llm.model.ModelWeights;
import dev.rag.llm.model.SequenceSlice;
import dev.rag.llm.tensor.ActivationFormat;
import dev.rag.llm.tensor.ParallelFor;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * The parity run of {@code rag generate --prompt-ids ... --logits-out FILE}: feeds token ids one
 * decode step at a time, keeps the logits after every step and continues greedily, then writes them
 * as JSONL in the shape of llama.cpp's reference dumps ({@code
 * shared/tools/llama-cpp/dump_logits.c}): one line {@code {"pos":i,"token":t,"logits":[...]}} per
 * fed position, then {@code {"greedy":[...]}}. Logits are printed like C's {@code %.6g}, so the two
 * files can be compared line by line.
 */
final class LogitsDump {
  private static final int BLOCK_SIZE = 16;

  /**
   * @param tokens the token fed at each position (the prompt, then the greedy tokens)
   * @param logits [positions][vocab] the logits after feeding {@code tokens[0..pos]}
   * @param greedy the greedy continuation, chosen from the logits after the last prompt token
   *     onwards
   */
  record Result(int[] tokens, float[][] logits, int[] greedy) {}

  private LogitsDump() {}

  /**
   * Feeds {@code prompt} one token per step, then each of {@code n} greedy tokens, as llama.cpp's
   * dump does: greedy token i is chosen from the logits after position {@code prompt.length - 1 +
   * i} and fed at the next position, so there are {@code prompt.length + n} positions (the logits
   * after the last one choose nothing).
   */
  static Result greedy(
      ModelConfig c,
      ModelWeights w,
      ParallelFor parallel,
      ActivationFormat activations,
      int[] prompt,
      int n) {
    if (prompt.length == 0) {
      throw new IllegalArgumentException("--prompt-ids needs at least one token");
    }
    int positions = prompt.length + n;
    if (positions > c.contextLength()) {
      throw new IllegalArgumentException(
          positions + " positions exceed the context length " + c.contextLength());
    }
    for (int t : prompt) {
      if (t < 0 || t >= c.vocabSize()) {
        throw new IllegalArgumentException("token id " + t + " outside [0, " + c.vocabSize() + ")");
      }
    }
    Stepper s = new Stepper(c, w, parallel, activations, positions);
    int[] tokens = new int[positions];
    float[][] logits = new float[positions][];
    int[] greedy = new int[n];
    for (int pos = 0; pos < positions; pos++) {
      tokens[pos] = pos < prompt.length ? prompt[pos] : greedy[pos - prompt.length];
      logits[pos] = s.step(tokens[pos], pos);
      int next = pos - prompt.length + 1;
      if (next >= 0 && next < n) {
        greedy[next] = argmax(logits[pos]);
      }
    }
    return new Result(tokens, logits, greedy);
  }

  /**
   * Feeds exactly {@code tokens}, one per step (teacher forcing); returns the logits after each.
   */
  static float[][] forced(
      ModelConfig c,
      ModelWeights w,
      ParallelFor parallel,
      ActivationFormat activations,
      int[] tokens) {
    Stepper s = new Stepper(c, w, parallel, activations, tokens.length);
    float[][] logits = new float[tokens.length][];
    for (int pos = 0; pos < tokens.length; pos++) {
      logits[pos] = s.step(tokens[pos], pos);
    }
    return logits;
  }

  /** One sequence on a private paged cache whose blocks are simply taken in order. */
  private static final class Stepper {
    private final LlamaForward forward;
    private final PagedKvCache cache;
    private final int[] table;

    Stepper(
        ModelConfig c,
        ModelWeights w,
        ParallelFor parallel,
        ActivationFormat activations,
        int positions) {
      int blocks = Math.max(1, (positions + BLOCK_SIZE - 1) / BLOCK_SIZE);
      this.forward = new LlamaForward(c, w, parallel, activations);
      this.cache = new PagedKvCache(c.layers(), blocks, BLOCK_SIZE, c.kvDim());
      this.table = new int[blocks];
      for (int i = 0; i < blocks; i++) {
        table[i] = i;
      }
    }

    float[] step(int token, int pos) {
      SequenceSlice slice = new SequenceSlice(new int[] {token}, pos, table, true);
      return forward.forward(new ForwardBatch(List.of(slice)), cache)[0];
    }
  }

  /**
   * The first index of the largest value (llama.cpp's dump keeps the first of equal maxima too).
   */
  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  static void write(Result r, Writer out) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int pos = 0; pos < r.tokens().length; pos++) {
      sb.setLength(0);
      sb.append("{\"pos\":")
          .append(pos)
          .append(",\"token\":")
          .append(r.tokens()[pos])
          .append(",\"logits\":[");
      float[] l = r.logits()[pos];
      for (int v = 0; v < l.length; v++) {
        if (v > 0) {
          sb.append(',');
        }
        sb.append(formatG6(l[v]));
      }
      out.write(sb.append("]}\n").toString());
    }
    sb.setLength(0);
    sb.append("{\"greedy\":[");
    for (int i = 0; i < r.greedy().length; i++) {
      sb.append(i > 0 ? "," : "").append(r.greedy()[i]);
    }
    out.write(sb.append("]}\n").toString());
    out.flush();
  }

  /**
   * C's {@code printf("%.6g", (double) f)}: six significant digits rounded half-even on the exact
   * binary value (as glibc does), fixed notation for exponents -4..5 and scientific otherwise,
   * trailing zeros removed.
   */
  static String formatG6(float f) {
    if (Float.isNaN(f)) {
      return "nan";
    }
    if (Float.isInfinite(f)) {
      return f > 0 ? "inf" : "-inf";
    }
    if (f == 0f) {
      return Float.floatToRawIntBits(f) < 0 ? "-0" : "0";
    }
    BigDecimal rounded = new BigDecimal(f).round(new MathContext(6, RoundingMode.HALF_EVEN));
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent < -4 || exponent >= 6) {
      BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
      String m =
          mantissa.scale() <= 0 ? mantissa.toBigInteger().toString() : mantissa.toPlainString();
      return m
          + (exponent < 0 ? "e-" : "e+")
          + (Math.abs(exponent) < 10 ? "0" : "")
          + Math.abs(exponent);
    }
    BigDecimal plain = rounded.stripTrailingZeros();
    return plain.scale() <= 0 ? plain.toBigInteger().toString() : plain.toPlainString();
  }
}
