package dev.rag.llm.model;

import dev.rag.llm.tensor.Tensor;

/**
 * A deliberately simple single-sequence forward pass with a contiguous K/V cache
 * ([layer][pos][kvDim]), one token at a time; the reference that the paged, batched forward pass is
 * tested against. It uses the same dot kernels so that only attention and caching differ.
 */
final class ContiguousReference {
  private final ModelConfig c;
  private final ModelWeights w;
  private final Rope rope;
  private final float[][][] keys;
  private final float[][][] values;

  ContiguousReference(ModelConfig c, ModelWeights w, int maxPositions) {
    this.c = c;
    this.w = w;
    this.rope = new Rope(c.headDim(), c.ropeDim(), c.ropeTheta(), c.ropeType());
    this.keys = new float[c.layers()][maxPositions][c.kvDim()];
    this.values = new float[c.layers()][maxPositions][c.kvDim()];
  }

  private static void matvec(Tensor m, int rows, int cols, float[] x, float[] out) {
    for (int r = 0; r < rows; r++) {
      out[r] = m.dot((long) r * cols, x, 0, cols);
    }
  }

  float[] forward(int token, int pos) {
    int dim = c.dim();
    int hd = c.headDim();
    float[] x = new float[dim];
    w.tokenEmbedding().dequantize((long) token * dim, x, 0, dim);
    float[] xb = new float[dim];
    float[] q = new float[dim];
    float[] att = new float[dim];
    float[] o = new float[dim];
    float[] g = new float[c.ffnDim()];
    float[] u = new float[c.ffnDim()];
    for (int l = 0; l < c.layers(); l++) {
      LayerWeights lw = w.layers()[l];
      Ops.rmsNorm(xb, x, lw.attnNorm(), c.rmsEps());
      matvec(lw.wq(), dim, dim, xb, q);
      matvec(lw.wk(), c.kvDim(), dim, xb, keys[l][pos]);
      matvec(lw.wv(), c.kvDim(), dim, xb, values[l][pos]);
      if (lw.bq() != null) {
        Ops.add(q, lw.bq(), dim);
        Ops.add(keys[l][pos], lw.bk(), c.kvDim());
        Ops.add(values[l][pos], lw.bv(), c.kvDim());
      }
      rope.apply(q, c.heads(), pos);
      rope.apply(keys[l][pos], c.kvHeads(), pos);
      for (int h = 0; h < c.heads(); h++) {
        int kvh = h / (c.heads() / c.kvHeads());
        float[] s = new float[pos + 1];
        for (int p = 0; p <= pos; p++) {
          float d = 0f;
          for (int i = 0; i < hd; i++) {
            d += q[h * hd + i] * keys[l][p][kvh * hd + i];
          }
          s[p] = d * (float) (1.0 / Math.sqrt(hd));
        }
        Ops.softmax(s, pos + 1);
        for (int i = 0; i < hd; i++) {
          float acc = 0f;
          for (int p = 0; p <= pos; p++) {
            acc += s[p] * values[l][p][kvh * hd + i];
          }
          att[h * hd + i] = acc;
        }
      }
      matvec(lw.wo(), dim, dim, att, o);
      Ops.add(x, o, dim);
      Ops.rmsNorm(xb, x, lw.ffnNorm(), c.rmsEps());
      matvec(lw.gate(), c.ffnDim(), dim, xb, g);
      matvec(lw.up(), c.ffnDim(), dim, xb, u);
      Ops.swiglu(g, u, c.ffnDim());
      matvec(lw.down(), dim, c.ffnDim(), g, o);
      Ops.add(x, o, dim);
    }
    Ops.rmsNorm(xb, x, w.outputNorm(), c.rmsEps());
    float[] logits = new float[c.vocabSize()];
    matvec(w.output(), c.vocabSize(), dim, xb, logits);
    return logits;
  }
}
