package dev.rag.llm.ort.graph;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.model.LayerWeights;
import dev.rag.llm.model.ModelConfig;
import dev.rag.llm.model.ModelWeights;
import dev.rag.llm.model.RopeType;
import dev.rag.llm.tensor.Tensor;
import dev.rag.llm.tensor.quant.Q4_0Tensor;
import dev.rag.llm.tensor.quant.Q8_0Tensor;
import dev.rag.onnx.Attribute;
import dev.rag.onnx.GraphBuilder;
import dev.rag.onnx.TensorData;
import dev.rag.onnx.ValueInfo;
import java.util.List;
import java.util.Set;

/**
 * The llama-layout decoder as an ONNX graph, written from the GGUF weights with ONNX Runtime's
 * contrib operators. One run computes one sequence slice (batch 1): the new tokens, attending to
 * the sequence's earlier K/V passed in as contiguous past tensors; or several single-token decode
 * slices at once (batch B, past tensors right-padded to the longest).
 *
 * <p>Per layer: {@code SimplifiedLayerNormalization} (RMSNorm; from the second norm on {@code
 * SkipSimplifiedLayerNormalization}, which also adds the residual), Q/K/V projections ({@code
 * MatMulNBits} for Q4_0/Q8_0 matrices whose rows hold whole blocks, else {@code MatMul} on float
 * weights), {@code RotaryEmbedding} on Q and K at explicit positions, {@code GroupQueryAttention}
 * with the past K/V, output projection, SwiGLU feed-forward. The classifier runs on the last token
 * only.
 *
 * <p>Inputs: {@value #INPUT_IDS} and {@value #POSITION_IDS} int64 [B, seq]; {@value #SEQLENS_K}
 * int32 [B] = each sequence's past + seq - 1; {@value #TOTAL_SEQUENCE_LENGTH} int32 [1] = the
 * longest past + seq; per layer {@code past_key_L} / {@code past_value_L} float [B, kvHeads, past,
 * headDim]. Outputs: {@value #LOGITS} float [B, vocab]; per layer {@code present_key_L} / {@code
 * present_value_L} float [B, kvHeads, present, headDim] with each sequence's new positions right
 * after its own past, keys after rotation (the same values the Java backend stores in the paged
 * cache).
 */
public final class DecoderGraph {
  public static final String INPUT_IDS = "input_ids";
  public static final String POSITION_IDS = "position_ids";
  public static final String SEQLENS_K = "seqlens_k";
  public static final String TOTAL_SEQUENCE_LENGTH = "total_sequence_length";
  public static final String LOGITS = "logits";

  private final ModelConfig c;
  private final ModelWeights w;
  private final NBitsCompute compute;
  private final GraphBuilder g = new GraphBuilder("llama_decoder");
  private int quantizedMatrices;

  private DecoderGraph(ModelConfig config, ModelWeights weights, NBitsCompute compute) {
    this.c = config;
    this.w = weights;
    this.compute = compute;
  }

  public static String pastKey(int layer) {
    return "past_key_" + layer;
  }

  public static String pastValue(int layer) {
    return "past_value_" + layer;
  }

  public static String presentKey(int layer) {
    return "present_key_" + layer;
  }

  public static String presentValue(int layer) {
    return "present_value_" + layer;
  }

  /** The serialised model, and how many of its matrices run as {@code MatMulNBits}. */
  public record Built(byte[] model, int quantizedMatrices, int floatMatrices) {}

  public static Built build(ModelConfig config, ModelWeights weights, NBitsCompute compute) {
    DecoderGraph d = new DecoderGraph(config, weights, compute);
    d.declareInputsAndOutputs();
    d.decoder();
    int matrices = 7 * config.layers() + 1;
    return new Built(
        d.g.toModelBytes("dev.rag llm-runtime-ort"),
        d.quantizedMatrices,
        matrices - d.quantizedMatrices);
  }

  private void declareInputsAndOutputs() {
    g.input(new ValueInfo(INPUT_IDS, TensorData.INT64, List.of("batch", "seq")));
    g.input(new ValueInfo(POSITION_IDS, TensorData.INT64, List.of("batch", "seq")));
    g.input(new ValueInfo(SEQLENS_K, TensorData.INT32, List.of("batch")));
    g.input(new ValueInfo(TOTAL_SEQUENCE_LENGTH, TensorData.INT32, List.of(1L)));
    List<Object> past = List.of("batch", (long) c.kvHeads(), "past", (long) c.headDim());
    List<Object> present = List.of("batch", (long) c.kvHeads(), "total", (long) c.headDim());
    for (int l = 0; l < c.layers(); l++) {
      g.input(new ValueInfo(pastKey(l), TensorData.FLOAT, past));
      g.input(new ValueInfo(pastValue(l), TensorData.FLOAT, past));
    }
    g.output(new ValueInfo(LOGITS, TensorData.FLOAT, List.of("batch", (long) c.vocabSize())));
    for (int l = 0; l < c.layers(); l++) {
      g.output(new ValueInfo(presentKey(l), TensorData.FLOAT, present));
      g.output(new ValueInfo(presentValue(l), TensorData.FLOAT, present));
    }
  }

  private void decoder() {
    int dim = c.dim();
    float[] embedding = new float[c.vocabSize() * dim];
    w.tokenEmbedding().dequantize(0, embedding, 0, embedding.length);
    String embeddings = g.floats("token_embd", new long[] {c.vocabSize(), dim}, embedding);
    String[] rotary = rotaryTables();

    // x: residual stream [1, seq, dim]; pending: the sublayer output not yet added to it.
    String x = g.op("Gather", List.of(embeddings, INPUT_IDS), Attribute.of("axis", 0L));
    String pending = null;
    for (int l = 0; l < c.layers(); l++) {
      LayerWeights lw = w.layers()[l];
      String p = "blk" + l + "_";

      String[] normed = norm(x, pending, lw.attnNorm(), p + "attn_norm");
      String h = normed[0];
      x = normed[1];
      String q = linear(h, lw.wq(), c.dim(), dim, p + "wq", lw.bq());
      String k = linear(h, lw.wk(), c.kvDim(), dim, p + "wk", lw.bk());
      String v = linear(h, lw.wv(), c.kvDim(), dim, p + "wv", lw.bv());
      q = rotate(q, c.heads(), rotary);
      k = rotate(k, c.kvHeads(), rotary);
      String attention = p + "attention";
      g.contribNamed(
          "GroupQueryAttention",
          List.of(q, k, v, pastKey(l), pastValue(l), SEQLENS_K, TOTAL_SEQUENCE_LENGTH),
          List.of(attention, presentKey(l), presentValue(l)),
          Attribute.of("num_heads", (long) c.heads()),
          Attribute.of("kv_num_heads", (long) c.kvHeads()),
          Attribute.of("scale", (float) (1.0 / Math.sqrt(c.headDim()))),
          Attribute.of("do_rotary", 0L));
      String attnOut = linear(attention, lw.wo(), dim, dim, p + "wo", null);

      normed = norm(x, attnOut, lw.ffnNorm(), p + "ffn_norm");
      h = normed[0];
      x = normed[1];
      String gate = linear(h, lw.gate(), c.ffnDim(), dim, p + "gate", null);
      String up = linear(h, lw.up(), c.ffnDim(), dim, p + "up", null);
      String silu = g.op("Mul", List.of(gate, g.op("Sigmoid", List.of(gate))));
      pending =
          linear(g.op("Mul", List.of(silu, up)), lw.down(), dim, c.ffnDim(), p + "down", null);
    }
    String[] normed = norm(x, pending, w.outputNorm(), "output_norm");
    String last =
        g.op(
            "Gather", List.of(normed[0], g.scalarLong("last_token", -1)), Attribute.of("axis", 1L));
    String logits = linear(last, w.output(), c.vocabSize(), dim, "output", null);
    g.op("Identity", List.of(logits), LOGITS);
  }

  /**
   * RMSNorm of {@code x + pending} (just {@code x} when nothing is pending): returns the normalised
   * activations and the new residual stream.
   */
  private String[] norm(String x, String pending, float[] gain, String name) {
    String gamma = g.floats(name, new long[] {gain.length}, gain);
    Attribute eps = Attribute.of("epsilon", c.rmsEps());
    if (pending == null) {
      String out =
          g.op(
              "SimplifiedLayerNormalization",
              List.of(x, gamma),
              eps,
              Attribute.of("axis", -1L),
              Attribute.of("stash_type", 1L));
      return new String[] {out, x};
    }
    // Outputs: normalised, mean, inv_std_var, input + skip (the residual stream carried on).
    List<String> outs =
        g.contrib(
            "SkipSimplifiedLayerNormalization", List.of(pending, x, gamma), 4, Set.of(1, 2), eps);
    return new String[] {outs.get(0), outs.get(3)};
  }

  /** {@code input @ weight^T (+ bias)} for a weight of {@code rows x cols} (out x in). */
  private String linear(
      String input, Tensor weight, int rows, int cols, String name, float[] bias) {
    String out;
    if (weight.type() == GgmlType.Q4_0 && NBitsWeight.fits(cols)) {
      out = nbits(input, NBitsWeight.fromQ4_0((Q4_0Tensor) weight, rows, cols), name);
    } else if (weight.type() == GgmlType.Q8_0 && NBitsWeight.fits(cols)) {
      out = nbits(input, NBitsWeight.fromQ8_0((Q8_0Tensor) weight, rows, cols), name);
    } else {
      // F32/F16/BF16 (and blocks that run across rows): exact float weights, stored transposed [in
      // x out].
      float[] row = new float[cols];
      float[] transposed = new float[rows * cols];
      for (int r = 0; r < rows; r++) {
        weight.dequantize((long) r * cols, row, 0, cols);
        for (int i = 0; i < cols; i++) {
          transposed[i * rows + r] = row[i];
        }
      }
      out = g.op("MatMul", List.of(input, g.floats(name, new long[] {cols, rows}, transposed)));
    }
    if (bias != null) {
      out = g.op("Add", List.of(out, g.floats(name + "_bias", new long[] {bias.length}, bias)));
    }
    return out;
  }

  private String nbits(String input, NBitsWeight q, String name) {
    quantizedMatrices++;
    String codes =
        g.initializer(
            TensorData.bytes(
                name + "_codes",
                new long[] {q.rows(), q.blocksPerRow(), q.blobBytes()},
                q.codes()));
    String scales =
        g.floats(name + "_scales", new long[] {(long) q.rows() * q.blocksPerRow()}, q.scales());
    return g.contrib(
        "MatMulNBits",
        List.of(input, codes, scales),
        Attribute.of("K", (long) q.cols()),
        Attribute.of("N", (long) q.rows()),
        Attribute.of("bits", (long) q.bits()),
        Attribute.of("block_size", (long) NBitsWeight.BLOCK),
        Attribute.of("accuracy_level", (long) compute.accuracyLevelFor(q.bits())));
  }

  /**
   * Rotates [1, seq, heads * headDim] at {@value #POSITION_IDS}, leaving dimensions past ropeDim as
   * they are.
   */
  private String rotate(String input, int heads, String[] tables) {
    return g.contrib(
        "RotaryEmbedding",
        List.of(input, POSITION_IDS, tables[0], tables[1]),
        Attribute.of("interleaved", c.ropeType() == RopeType.NORMAL ? 1L : 0L),
        Attribute.of("num_heads", (long) heads),
        Attribute.of("rotary_embedding_dim", (long) c.ropeDim()));
  }

  /**
   * cos and sin caches [contextLength, ropeDim / 2], angles in float as {@code Rope} computes them.
   */
  private String[] rotaryTables() {
    int half = c.ropeDim() / 2;
    float[] cos = new float[c.contextLength() * half];
    float[] sin = new float[cos.length];
    for (int i = 0; i < half; i++) {
      float frequency = 1.0f / (float) Math.pow(c.ropeTheta(), (2 * i) / (float) c.ropeDim());
      for (int pos = 0; pos < c.contextLength(); pos++) {
        float angle = pos * frequency;
        cos[pos * half + i] = (float) Math.cos(angle);
        sin[pos * half + i] = (float) Math.sin(angle);
      }
    }
    long[] dims = {c.contextLength(), half};
    return new String[] {g.floats("rope_cos", dims, cos), g.floats("rope_sin", dims, sin)};
  }
}
