package dev.rag.encoders.onnx;

/**
 * An independent plain-Java BERT cross-encoder forward pass over {@link BertWeights}: float
 * weights, double accumulation, one unpadded sequence at a time. Shares nothing with the ONNX graph
 * code but the weights, so agreement means the graph computes BERT.
 */
public final class ReferenceBert {

  private final BertWeights w;
  private final BertShape s;

  public ReferenceBert(BertWeights weights) {
    this.w = weights;
    this.s = weights.shape();
  }

  /** The logit for one sequence of ids and token types (special tokens included). */
  public double logit(long[] ids, long[] types) {
    int n = ids.length;
    int h = s.hidden();
    double[][] x = new double[n][h];
    for (int t = 0; t < n; t++) {
      for (int k = 0; k < h; k++) {
        x[t][k] =
            w.wordEmbeddings()[(int) ids[t] * h + k]
                + w.positionEmbeddings()[t * h + k]
                + w.typeEmbeddings()[(int) types[t] * h + k];
      }
      x[t] = norm(x[t], w.embeddingNormScale(), w.embeddingNormBias());
    }
    for (BertWeights.Layer layer : w.layers()) {
      x = layer(x, layer);
    }
    double[] pooled = linear(x[0], w.poolerWeight(), w.poolerBias(), h);
    double logit = w.classifierBias()[0];
    for (int k = 0; k < h; k++) {
      logit += Math.tanh(pooled[k]) * w.classifierWeight()[k];
    }
    return logit;
  }

  private double[][] layer(double[][] x, BertWeights.Layer l) {
    int n = x.length;
    int h = s.hidden();
    double[][] q = new double[n][];
    double[][] k = new double[n][];
    double[][] v = new double[n][];
    for (int t = 0; t < n; t++) {
      q[t] = linear(x[t], l.query(), l.queryBias(), h);
      k[t] = linear(x[t], l.key(), l.keyBias(), h);
      v[t] = linear(x[t], l.value(), l.valueBias(), h);
    }
    double[][] context = new double[n][h];
    int d = s.headSize();
    for (int head = 0; head < s.heads(); head++) {
      int off = head * d;
      for (int i = 0; i < n; i++) {
        double[] p = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
          double dot = 0;
          for (int c = 0; c < d; c++) {
            dot += q[i][off + c] * k[j][off + c];
          }
          p[j] = dot / Math.sqrt(d);
          max = Math.max(max, p[j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
          p[j] = Math.exp(p[j] - max);
          sum += p[j];
        }
        for (int j = 0; j < n; j++) {
          for (int c = 0; c < d; c++) {
            context[i][off + c] += p[j] / sum * v[j][off + c];
          }
        }
      }
    }
    double[][] out = new double[n][];
    for (int t = 0; t < n; t++) {
      double[] attended = linear(context[t], l.attentionOutput(), l.attentionOutputBias(), h);
      double[] x1 = norm(add(attended, x[t]), l.attentionNormScale(), l.attentionNormBias());
      double[] up = linear(x1, l.intermediate(), l.intermediateBias(), s.intermediate());
      for (int c = 0; c < up.length; c++) {
        up[c] = 0.5 * up[c] * (1 + erf(up[c] / Math.sqrt(2)));
      }
      double[] down = linear(up, l.output(), l.outputBias(), h);
      out[t] = norm(add(down, x1), l.outputNormScale(), l.outputNormBias());
    }
    return out;
  }

  /** y = x · W + b with W row-major [in, out]. */
  private static double[] linear(double[] x, float[] weight, float[] bias, int out) {
    double[] y = new double[out];
    for (int o = 0; o < out; o++) {
      y[o] = bias[o];
    }
    for (int i = 0; i < x.length; i++) {
      for (int o = 0; o < out; o++) {
        y[o] += x[i] * weight[i * out + o];
      }
    }
    return y;
  }

  private static double[] add(double[] a, double[] b) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i] + b[i];
    }
    return r;
  }

  private static double[] norm(double[] x, float[] scale, float[] bias) {
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double var = 0;
    for (double v : x) {
      var += (v - mean) * (v - mean);
    }
    var /= x.length;
    double inv = 1 / Math.sqrt(var + 1e-12);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (x[i] - mean) * inv * scale[i] + bias[i];
    }
    return y;
  }

  /**
   * erf by its everywhere-convergent series erf(x) = 2/sqrt(pi)·e^(-x²)·Σ 2^n x^(2n+1) / (2n+1)!!,
   * all terms positive.
   */
  static double erf(double x) {
    double ax = Math.abs(x);
    if (ax > 6) {
      return Math.signum(x);
    }
    double term = ax;
    double sum = ax;
    for (int n = 1; n < 200 && term > 1e-17 * sum; n++) {
      term *= 2 * ax * ax / (2 * n + 1);
      sum += term;
    }
    return Math.signum(x) * 2 / Math.sqrt(Math.PI) * Math.exp(-ax * ax) * sum;
  }
}
