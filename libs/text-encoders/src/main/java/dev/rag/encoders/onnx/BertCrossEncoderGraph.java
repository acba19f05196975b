package dev.rag.encoders.onnx;

import dev.rag.onnx.Attribute;
import dev.rag.onnx.GraphBuilder;
import dev.rag.onnx.TensorData;
import dev.rag.onnx.ValueInfo;
import java.util.List;

/**
 * A BERT cross-encoder ({@code BertForSequenceClassification} with one label) as an opset-17 ONNX
 * graph: embeddings, post-LN transformer layers, tanh pooler on {@code [CLS]}, one logit.
 *
 * <p>Inputs {@code input_ids}, {@code attention_mask}, {@code token_type_ids} (int64, {@code
 * [batch, sequence]}); output {@code logits} (float, {@code [batch, 1]}), the interface of
 * HuggingFace cross-encoder exports, so a real model directory can replace the generated one.
 */
public final class BertCrossEncoderGraph {

  /** BERT's LayerNorm epsilon. */
  static final float LAYER_NORM_EPSILON = 1e-12f;

  /**
   * Added to attention scores of padded keys. exp(-10000) underflows to exactly 0 in float, so a
   * padded batch computes bit-for-bit the same attention weights as the unpadded sequence.
   */
  public static final float MASK_VALUE = -10000f;

  private final BertWeights weights;
  private final GraphBuilder g = new GraphBuilder("bert_cross_encoder");

  private BertCrossEncoderGraph(BertWeights weights) {
    this.weights = weights;
  }

  /** Builds the graph for the given weights and returns the serialised model. */
  public static byte[] build(BertWeights weights) {
    return new BertCrossEncoderGraph(weights).assemble().toModelBytes("dev.rag.encoders");
  }

  private GraphBuilder assemble() {
    BertShape s = weights.shape();
    List<Object> dims = List.of("batch", "sequence");
    g.input(new ValueInfo("input_ids", TensorData.INT64, dims));
    g.input(new ValueInfo("attention_mask", TensorData.INT64, dims));
    g.input(new ValueInfo("token_type_ids", TensorData.INT64, dims));
    g.output(new ValueInfo("logits", TensorData.FLOAT, List.of("batch", 1L)));

    String x = embeddings(s);
    String mask = additiveMask();
    for (int l = 0; l < s.layers(); l++) {
      x = layer(x, mask, weights.layers().get(l), "l" + l + "_");
    }
    String cls = g.op("Gather", List.of(x, g.scalarLong("cls_index", 0)), Attribute.of("axis", 1L));
    String pooled =
        g.op(
            "Tanh",
            List.of(
                dense(
                    cls,
                    weights.poolerWeight(),
                    weights.poolerBias(),
                    s.hidden(),
                    s.hidden(),
                    "pooler")));
    String wc = g.floats("classifier_w", new long[] {s.hidden(), 1}, weights.classifierWeight());
    String bc = g.floats("classifier_b", new long[] {1}, weights.classifierBias());
    g.op("Add", List.of(g.op("MatMul", List.of(pooled, wc)), bc), "logits");
    return g;
  }

  /** word + position + token-type embeddings, then LayerNorm. */
  private String embeddings(BertShape s) {
    long h = s.hidden();
    String words =
        g.op(
            "Gather",
            List.of(
                g.floats(
                    "word_embeddings", new long[] {s.vocabSize(), h}, weights.wordEmbeddings()),
                "input_ids"));
    // Positions 0..sequence-1 are the first `sequence` rows of the table: slice by the input's
    // length.
    String length =
        g.op("Shape", List.of("input_ids"), Attribute.of("start", 1L), Attribute.of("end", 2L));
    String table =
        g.floats(
            "position_embeddings", new long[] {s.maxPositions(), h}, weights.positionEmbeddings());
    String positions =
        g.op("Slice", List.of(table, g.longs("zero_1d", 0), length, g.longs("axis0_1d", 0)));
    String types =
        g.op(
            "Gather",
            List.of(
                g.floats(
                    "token_type_embeddings",
                    new long[] {BertShape.TYPE_VOCAB, h},
                    weights.typeEmbeddings()),
                "token_type_ids"));
    String sum = g.op("Add", List.of(g.op("Add", List.of(words, positions)), types));
    return layerNorm(sum, weights.embeddingNormScale(), weights.embeddingNormBias(), "emb_ln");
  }

  /** (1 - mask) * -10000 as [batch, 1, 1, sequence], broadcast over heads and query positions. */
  private String additiveMask() {
    String mask =
        g.op("Cast", List.of("attention_mask"), Attribute.of("to", (long) TensorData.FLOAT));
    String inverted = g.op("Sub", List.of(g.floats("one", new long[0], 1f), mask));
    String scaled = g.op("Mul", List.of(inverted, g.floats("mask_value", new long[0], MASK_VALUE)));
    return g.op("Unsqueeze", List.of(scaled, g.longs("axes_1_2", 1, 2)));
  }

  private String layer(String x, String mask, BertWeights.Layer w, String p) {
    int h = weights.shape().hidden();
    int i = weights.shape().intermediate();
    String attention = selfAttention(x, mask, w, p);
    String attended =
        dense(attention, w.attentionOutput(), w.attentionOutputBias(), h, h, p + "attn_out");
    String x1 =
        layerNorm(
            g.op("Add", List.of(attended, x)),
            w.attentionNormScale(),
            w.attentionNormBias(),
            p + "attn_ln");
    String up = dense(x1, w.intermediate(), w.intermediateBias(), h, i, p + "ffn_in");
    String down = dense(gelu(up, p), w.output(), w.outputBias(), i, h, p + "ffn_out");
    return layerNorm(
        g.op("Add", List.of(down, x1)), w.outputNormScale(), w.outputNormBias(), p + "out_ln");
  }

  /**
   * softmax(Q·Kᵀ / sqrt(d) + mask) · V per head, heads concatenated back to [batch, sequence,
   * hidden].
   */
  private String selfAttention(String x, String mask, BertWeights.Layer w, String p) {
    BertShape s = weights.shape();
    int h = s.hidden();
    String q = heads(dense(x, w.query(), w.queryBias(), h, h, p + "q"), p + "q", 0, 2, 1, 3);
    String k = heads(dense(x, w.key(), w.keyBias(), h, h, p + "k"), p + "k", 0, 2, 3, 1);
    String v = heads(dense(x, w.value(), w.valueBias(), h, h, p + "v"), p + "v", 0, 2, 1, 3);
    String scores =
        g.op(
            "Div",
            List.of(
                g.op("MatMul", List.of(q, k)),
                g.floats(p + "sqrt_d", new long[0], (float) Math.sqrt(s.headSize()))));
    String probs =
        g.op("Softmax", List.of(g.op("Add", List.of(scores, mask))), Attribute.of("axis", -1L));
    String context =
        g.op(
            "Transpose",
            List.of(g.op("MatMul", List.of(probs, v))),
            Attribute.ints("perm", 0, 2, 1, 3));
    return g.op("Reshape", List.of(context, g.longs(p + "merge_shape", 0, 0, h)));
  }

  /** [batch, seq, hidden] to [batch, seq, heads, size], then transposed by {@code perm}. */
  private String heads(String x, String p, long... perm) {
    BertShape s = weights.shape();
    String split =
        g.op("Reshape", List.of(x, g.longs(p + "_split_shape", 0, 0, s.heads(), s.headSize())));
    return g.op("Transpose", List.of(split), Attribute.ints("perm", perm));
  }

  /** Exact GELU, 0.5·x·(1 + erf(x / sqrt 2)), as BERT defines it. */
  private String gelu(String x, String p) {
    String erf =
        g.op(
            "Erf",
            List.of(
                g.op("Div", List.of(x, g.floats(p + "sqrt2", new long[0], (float) Math.sqrt(2))))));
    String onePlus = g.op("Add", List.of(erf, g.floats(p + "gelu_one", new long[0], 1f)));
    return g.op(
        "Mul", List.of(g.op("Mul", List.of(x, onePlus)), g.floats(p + "half", new long[0], 0.5f)));
  }

  private String dense(String x, float[] weight, float[] bias, int in, int out, String name) {
    String w = g.floats(name + "_w", new long[] {in, out}, weight);
    String b = g.floats(name + "_b", new long[] {out}, bias);
    return g.op("Add", List.of(g.op("MatMul", List.of(x, w)), b));
  }

  private String layerNorm(String x, float[] scale, float[] bias, String name) {
    long h = scale.length;
    return g.op(
        "LayerNormalization",
        List.of(
            x,
            g.floats(name + "_scale", new long[] {h}, scale),
            g.floats(name + "_bias", new long[] {h}, bias)),
        Attribute.of("axis", -1L),
        Attribute.of("epsilon", LAYER_NORM_EPSILON));
  }
}
