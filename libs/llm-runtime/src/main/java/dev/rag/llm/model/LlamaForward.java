package dev.rag.llm.model;

import dev.rag.llm.kv.PagedKvCache;
import dev.rag.llm.tensor.ActivationFormat;
import dev.rag.llm.tensor.Fp16Rounding;
import dev.rag.llm.tensor.MatMul;
import dev.rag.llm.tensor.ParallelFor;
import java.util.List;

/**
 * The forward pass of a llama-layout decoder over a batch of sequence slices (prompt chunks and
 * single decode tokens alike), reading and writing K/V through each sequence's block table. Every
 * token of the batch is one row of the activation matrices, so each weight matrix is streamed once
 * per step for all sequences.
 */
public final class LlamaForward {
  private final ModelConfig c;
  private final ModelWeights w;
  private final ParallelFor parallel;
  private final ActivationFormat activations;
  private final Rope rope;

  /**
   * With {@link ActivationFormat#Q8} the forward pass reproduces what llama.cpp's CPU backend
   * rounds (default settings: F16 KV cache, no flash attention), because those roundings, small as
   * they are, decide which way later 8-bit roundings go: keys and values are rounded to fp16 when
   * written to the cache; the query and the softmax weights are rounded to fp16 before their
   * products with the F16 keys and values (ggml converts the float operand of a product with an F16
   * matrix to F16 first); RMSNorm uses ggml's arithmetic ({@link Ops#rmsNormLikeGgml}). The float
   * path keeps all of these exact.
   */
  private final boolean llamaCppRounding;

  /** With float activations (the exact path, the default). */
  public LlamaForward(ModelConfig config, ModelWeights weights, ParallelFor parallel) {
    this(config, weights, parallel, ActivationFormat.F32);
  }

  public LlamaForward(
      ModelConfig config,
      ModelWeights weights,
      ParallelFor parallel,
      ActivationFormat activations) {
    this.c = config;
    this.w = weights;
    this.parallel = parallel;
    this.activations = activations;
    this.llamaCppRounding = activations == ActivationFormat.Q8;
    this.rope =
        new Rope(
            config.headDim(),
            config.ropeDim(),
            config.ropeTheta(),
            config.ropeType(),
            weights.ropeFreqFactors());
  }

  public ActivationFormat activations() {
    return activations;
  }

  public ModelConfig config() {
    return c;
  }

  /** Returns, per slice, the logits [vocab] after its last token, or null where not wanted. */
  public float[][] forward(ForwardBatch batch, PagedKvCache cache) {
    return ForwardBatch.lastRows(forwardRows(batch, cache));
  }

  /**
   * Returns, per slice, the logits [vocab] after each of its last {@link SequenceSlice#logitRows()}
   * tokens (oldest first), or null where none are wanted.
   */
  public float[][][] forwardRows(ForwardBatch batch, PagedKvCache cache) {
    List<SequenceSlice> slices = batch.slices();
    int n = batch.totalTokens();
    int dim = c.dim();
    int kvDim = c.kvDim();

    // Flatten the batch: row t holds one token, its position and the slice it belongs to.
    int[] tokenOf = new int[n];
    int[] positionOf = new int[n];
    int[] sliceOf = new int[n];
    int row = 0;
    // Where each position's K/V lives, looked up once for the whole step.
    int[][] slotsOf = new int[slices.size()][];
    for (int s = 0; s < slices.size(); s++) {
      SequenceSlice slice = slices.get(s);
      checkSlice(slice, cache);
      slotsOf[s] = cache.slotOffsets(slice.blockTable(), slice.endPosition());
      for (int i = 0; i < slice.tokens().length; i++, row++) {
        tokenOf[row] = slice.tokens()[i];
        positionOf[row] = slice.startPosition() + i;
        sliceOf[row] = s;
      }
    }

    float[][] x = new float[n][dim]; // residual stream      [n x dim]
    float[][] xb = new float[n][dim]; // normalised input      [n x dim]
    float[][] q = new float[n][dim]; // queries, all heads    [n x dim]
    float[][] k = new float[n][kvDim]; // keys, kv heads        [n x kvDim]
    float[][] v = new float[n][kvDim]; // values, kv heads      [n x kvDim]
    float[][] att = new float[n][dim]; // attention output      [n x dim]
    float[][] proj = new float[n][dim]; // projection output     [n x dim]
    float[][] gate = new float[n][c.ffnDim()]; // FFN gate / hidden  [n x ffnDim]
    float[][] up = new float[n][c.ffnDim()]; // FFN up             [n x ffnDim]

    // 1. Token embedding: one row of the embedding matrix per token.
    for (int t = 0; t < n; t++) {
      w.tokenEmbedding().dequantize((long) tokenOf[t] * dim, x[t], 0, dim);
    }

    for (int l = 0; l < c.layers(); l++) {
      LayerWeights lw = w.layers()[l];

      // 2. RMSNorm before attention.
      for (int t = 0; t < n; t++) {
        rmsNorm(xb[t], x[t], lw.attnNorm(), c.rmsEps());
      }

      // 3. Q, K, V projections for all tokens at once (plus biases for qwen2).
      MatMul.apply(parallel, activations, lw.wq(), dim, dim, xb, n, q);
      MatMul.apply(parallel, activations, lw.wk(), kvDim, dim, xb, n, k);
      MatMul.apply(parallel, activations, lw.wv(), kvDim, dim, xb, n, v);
      if (lw.bq() != null) {
        for (int t = 0; t < n; t++) {
          Ops.add(q[t], lw.bq(), dim);
          Ops.add(k[t], lw.bk(), kvDim);
          Ops.add(v[t], lw.bv(), kvDim);
        }
      }

      // 4. RoPE: rotate queries and keys by their token's position.
      for (int t = 0; t < n; t++) {
        if (llamaCppRounding) {
          rope.applyLikeGgml(q[t], c.heads(), positionOf[t]);
          rope.applyLikeGgml(k[t], c.kvHeads(), positionOf[t]);
        } else {
          rope.apply(q[t], c.heads(), positionOf[t]);
          rope.apply(k[t], c.kvHeads(), positionOf[t]);
        }
      }

      // 5. Store this step's K and V in their paged slots, before attention reads them
      //    (a prompt chunk attends to its own earlier tokens).
      float[] kCache = cache.keys(l);
      float[] vCache = cache.values(l);
      for (int t = 0; t < n; t++) {
        int slot = slotsOf[sliceOf[t]][positionOf[t]];
        if (llamaCppRounding) {
          Fp16Rounding.copyRounded(k[t], 0, kCache, slot, kvDim);
          Fp16Rounding.copyRounded(v[t], 0, vCache, slot, kvDim);
        } else {
          System.arraycopy(k[t], 0, kCache, slot, kvDim);
          System.arraycopy(v[t], 0, vCache, slot, kvDim);
        }
      }

      // 6. Causal grouped-query attention through the block table, one (token, head) per work item.
      attention(slotsOf, sliceOf, positionOf, q, att, kCache, vCache);

      // 7. Output projection, added to the residual stream.
      MatMul.apply(parallel, activations, lw.wo(), dim, dim, att, n, proj);
      for (int t = 0; t < n; t++) {
        Ops.add(x[t], proj[t], dim);
      }

      // 8. RMSNorm before the feed-forward.
      for (int t = 0; t < n; t++) {
        rmsNorm(xb[t], x[t], lw.ffnNorm(), c.rmsEps());
      }

      // 9. SwiGLU feed-forward: down(silu(gate(x)) * up(x)), added to the residual stream.
      MatMul.apply(parallel, activations, lw.gate(), c.ffnDim(), dim, xb, n, gate);
      MatMul.apply(parallel, activations, lw.up(), c.ffnDim(), dim, xb, n, up);
      for (int t = 0; t < n; t++) {
        if (llamaCppRounding) {
          for (int i = 0; i < c.ffnDim(); i++) {
            gate[t][i] = GgmlArithmetic.silu(gate[t][i]) * up[t][i];
          }
        } else {
          Ops.swiglu(gate[t], up[t], c.ffnDim());
        }
      }
      MatMul.apply(parallel, activations, lw.down(), dim, c.ffnDim(), gate, n, proj);
      for (int t = 0; t < n; t++) {
        Ops.add(x[t], proj[t], dim);
      }
    }

    // 10. Final norm and classifier, only for the last token of slices that want logits.
    return logits(slices, x);
  }

  private float[][][] logits(List<SequenceSlice> slices, float[][] x) {
    int wanted = 0;
    for (SequenceSlice s : slices) {
      wanted += s.logitRows();
    }
    float[][] normed = new float[wanted][c.dim()];
    float[][] out = new float[wanted][c.vocabSize()];
    int end = 0;
    int i = 0;
    for (SequenceSlice s : slices) {
      end += s.tokens().length;
      for (int row = end - s.logitRows(); row < end; row++) {
        rmsNorm(normed[i++], x[row], w.outputNorm(), c.rmsEps());
      }
    }
    MatMul.apply(parallel, activations, w.output(), c.vocabSize(), c.dim(), normed, wanted, out);
    float[][][] result = new float[slices.size()][][];
    i = 0;
    for (int s = 0; s < slices.size(); s++) {
      int rows = slices.get(s).logitRows();
      if (rows > 0) {
        result[s] = java.util.Arrays.copyOfRange(out, i, i + rows);
        i += rows;
      }
    }
    return result;
  }

  private void attention(
      int[][] slotsOf,
      int[] sliceOf,
      int[] positionOf,
      float[][] q,
      float[][] att,
      float[] kCache,
      float[] vCache) {
    int heads = c.heads();
    int headDim = c.headDim();
    int group = heads / c.kvHeads();
    float scale = (float) (1.0 / Math.sqrt(headDim));
    // Tiny batches (a few short sequences of a small model) are cheaper on one thread.
    long work = (long) q.length * heads * headDim * (maxPosition(positionOf, 0, q.length - 1) + 1);
    ParallelFor runner = work < (1 << 15) ? ParallelFor.SERIAL : parallel;
    if (!llamaCppRounding) {
      // One work item per token and KV head: the group of query heads that share the head's keys
      // and values reads each cached row once, while it is in L1.
      int kvHeads = c.kvHeads();
      runner.run(
          q.length * kvHeads,
          1,
          (from, to) -> {
            int positions = maxPosition(positionOf, from / kvHeads, (to - 1) / kvHeads) + 1;
            float[][] scores = new float[group][positions];
            for (int item = from; item < to; item++) {
              int t = item / kvHeads;
              attendGroup(
                  q[t],
                  att[t],
                  item % kvHeads,
                  group,
                  slotsOf[sliceOf[t]],
                  positionOf[t],
                  scale,
                  scores,
                  kCache,
                  vCache);
            }
          });
      return;
    }
    runner.run(
        q.length * heads,
        1,
        (from, to) -> {
          int positions = maxPosition(positionOf, from / heads, (to - 1) / heads) + 1;
          float[] scores = new float[kvView(positions)];
          float[] qHalf = new float[headDim];
          float[] column = new float[scores.length];
          float[][] acc = new float[4][GgmlArithmetic.LANES];
          for (int item = from; item < to; item++) {
            int t = item / heads;
            int h = item % heads;
            int qOff = h * headDim;
            // The query against F16 keys: ggml converts it to fp16 first (F16's vec_dot_type is
            // F16).
            Fp16Rounding.copyRounded(q[t], qOff, qHalf, 0, headDim);
            attendLikeGgml(
                qHalf,
                0,
                slotsOf[sliceOf[t]],
                (h / group) * headDim,
                positionOf[t],
                scale,
                att[t],
                qOff,
                acc,
                scores,
                column,
                kCache,
                vCache);
          }
        });
  }

  /**
   * Causal attention of one token's query heads {@code [g * group, (g + 1) * group)}, which share
   * KV head {@code g}, over positions {@code [0, last]}: for each head, scaled query-key products,
   * softmax, then the weighted sum of values, with float activations. Each head's arithmetic is
   * independent of the others and of how tokens are batched. Heads go in pairs that read each key
   * and value row once ({@link Ops#scoresOfPair}, {@link Ops#valuesOfPair}) where the head size
   * allows; the arithmetic is the same either way.
   */
  private void attendGroup(
      float[] query,
      float[] out,
      int g,
      int group,
      int[] slots,
      int last,
      float scale,
      float[][] scores,
      float[] kCache,
      float[] vCache) {
    int headDim = c.headDim();
    int kvOff = g * headDim;
    int q0 = g * group * headDim;
    int positions = last + 1;
    if (headDim % Ops.VALUE_SPAN == 0) {
      for (int j = 0; j < group; j += 2) {
        int pair = Math.min(j + 1, group - 1); // an odd group's last head pairs with itself
        Ops.scoresOfPair(
            query,
            q0 + j * headDim,
            q0 + pair * headDim,
            kCache,
            slots,
            kvOff,
            positions,
            headDim,
            scale,
            scores[j],
            scores[pair]);
      }
      for (int j = 0; j < group; j++) {
        Ops.softmax(scores[j], positions);
      }
      for (int j = 0; j < group; j += 2) {
        int pair = Math.min(j + 1, group - 1);
        for (int d = 0; d < headDim; d += Ops.VALUE_SPAN) {
          Ops.valuesOfPair(
              scores[j],
              scores[pair],
              vCache,
              slots,
              kvOff + d,
              positions,
              out,
              q0 + j * headDim + d,
              q0 + pair * headDim + d);
        }
      }
      return;
    }
    for (int p = 0; p <= last; p++) {
      int base = slots[p] + kvOff;
      for (int j = 0; j < group; j++) {
        scores[j][p] = Ops.dot(query, q0 + j * headDim, kCache, base, headDim) * scale;
      }
    }
    for (int j = 0; j < group; j++) {
      Ops.softmax(scores[j], positions);
    }
    java.util.Arrays.fill(out, q0, q0 + group * headDim, 0f);
    for (int p = 0; p <= last; p++) {
      int base = slots[p] + kvOff;
      for (int j = 0; j < group; j++) {
        Ops.addScaled(scores[j][p], vCache, base, out, q0 + j * headDim, headDim);
      }
    }
  }

  /**
   * One head's attention as llama.cpp computes it with an F16 cache (no flash attention): {@code kq
   * = K·q} with {@link GgmlArithmetic#vecDotF16} along the head dimension; ggml's softmax ({@link
   * GgmlArithmetic#softmax}); the weights rounded to fp16; then {@code V·weights} with the same dot
   * product along the positions of the cache view ({@link #kvView}: V is stored transposed), the
   * padding's weights zero. The fp16 products are exact in float, so only these orders of summation
   * matter.
   */
  private void attendLikeGgml(
      float[] query,
      int queryOff,
      int[] slots,
      int kvOff,
      int last,
      float scale,
      float[] out,
      int outOff,
      float[][] acc,
      float[] scores,
      float[] column,
      float[] kCache,
      float[] vCache) {
    int headDim = c.headDim();
    int view = kvView(last + 1);
    for (int p = 0; p <= last; p++) {
      int base = slots[p] + kvOff;
      scores[p] = GgmlArithmetic.vecDotF16(query, queryOff, kCache, base, headDim, acc) * scale;
    }
    GgmlArithmetic.softmax(scores, last + 1);
    Fp16Rounding.copyRounded(scores, 0, scores, 0, last + 1);
    java.util.Arrays.fill(scores, last + 1, view, 0f);
    java.util.Arrays.fill(column, last + 1, view, 0f);
    for (int i = 0; i < headDim; i++) {
      for (int p = 0; p <= last; p++) {
        column[p] = vCache[slots[p] + kvOff + i];
      }
      out[outOff + i] = GgmlArithmetic.vecDotF16(column, 0, scores, 0, view, acc);
    }
  }

  /**
   * Cells in llama.cpp's KV cache view for {@code positions} positions: a multiple of 32 without
   * flash attention ({@code llama_kv_cache_get_padding}). Where the dot products split between
   * whole steps and single elements depends on it.
   */
  private static int kvView(int positions) {
    return (positions + 31) / 32 * 32;
  }

  private void rmsNorm(float[] out, float[] x, float[] weight, float eps) {
    if (llamaCppRounding) {
      Ops.rmsNormLikeGgml(out, x, weight, eps);
    } else {
      Ops.rmsNorm(out, x, weight, eps);
    }
  }

  private static int maxPosition(int[] positionOf, int fromToken, int toToken) {
    int max = 0;
    for (int t = fromToken; t <= toToken; t++) {
      max = Math.max(max, positionOf[t]);
    }
    return max;
  }

  private void checkSlice(SequenceSlice s, PagedKvCache cache) {
    if (s.endPosition() > c.contextLength()) {
      throw new IllegalArgumentException(
          "slice ends at position "
              + s.endPosition()
              + ", beyond the context length "
              + c.contextLength());
    }
    if ((long) s.blockTable().length * cache.blockSize() < s.endPosition()) {
      throw new IllegalArgumentException(
          "block table of "
              + s.blockTable().length
              + " blocks cannot hold "
              + s.endPosition()
              + " positions");
    }
    for (int token : s.tokens()) {
      if (token < 0 || token >= c.vocabSize()) {
        throw new IllegalArgumentException(
            "token id " + token + " outside [0, " + c.vocabSize() + ")");
      }
    }
  }
}
