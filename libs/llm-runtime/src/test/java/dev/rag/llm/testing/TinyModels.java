package dev.rag.llm.testing;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.gguf.GgufWriter;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;

/** Writes small GGUF files for tests (valid, or deliberately wrong in one respect). */
public final class TinyModels {
  private TinyModels() {}

  /**
   * A tiny llama-layout model with random F32 weights and a byte-level SentencePiece vocabulary.
   */
  public static GgufWriter llama(
      String architecture,
      int dim,
      int layers,
      int heads,
      int kvHeads,
      int ffn,
      int context,
      GgmlType matrixType,
      long seed) {
    String[] tokens = new String[259];
    float[] scores = new float[259];
    int[] types = new int[259];
    tokens[0] = "<unk>";
    tokens[1] = "<s>";
    tokens[2] = "</s>";
    types[0] = 2;
    types[1] = 3;
    types[2] = 3;
    for (int b = 0; b < 256; b++) {
      tokens[3 + b] = String.format("<0x%02X>", b);
      types[3 + b] = 6;
    }
    GgufWriter w =
        new GgufWriter(3, 32)
            .put("general.architecture", architecture)
            .put(architecture + ".context_length", context)
            .put(architecture + ".embedding_length", dim)
            .put(architecture + ".block_count", layers)
            .put(architecture + ".feed_forward_length", ffn)
            .put(architecture + ".attention.head_count", heads)
            .put(architecture + ".attention.head_count_kv", kvHeads)
            .put(architecture + ".attention.layer_norm_rms_epsilon", 1e-5f)
            .put("tokenizer.ggml.model", "llama")
            .put("tokenizer.ggml.tokens", tokens)
            .put("tokenizer.ggml.scores", scores)
            .put("tokenizer.ggml.token_type", types)
            .put("tokenizer.ggml.bos_token_id", 1)
            .put("tokenizer.ggml.eos_token_id", 2);
    Random rnd = new Random(seed);
    int kvDim = dim / heads * kvHeads;
    int vocab = tokens.length;
    w.addTensor(
        "token_embd.weight", GgmlType.F32, new long[] {dim, vocab}, floats(vocab * dim, rnd, 1f));
    for (int l = 0; l < layers; l++) {
      String p = "blk." + l + ".";
      w.addTensor(p + "attn_norm.weight", GgmlType.F32, new long[] {dim}, floats(dim, rnd, 0f));
      w.addTensor(
          p + "attn_q.weight",
          matrixType,
          new long[] {dim, dim},
          matrix(matrixType, dim * dim, rnd));
      w.addTensor(
          p + "attn_k.weight",
          matrixType,
          new long[] {dim, kvDim},
          matrix(matrixType, dim * kvDim, rnd));
      w.addTensor(
          p + "attn_v.weight",
          matrixType,
          new long[] {dim, kvDim},
          matrix(matrixType, dim * kvDim, rnd));
      if (architecture.equals("qwen2")) {
        w.addTensor(p + "attn_q.bias", GgmlType.F32, new long[] {dim}, floats(dim, rnd, 0.5f));
        w.addTensor(p + "attn_k.bias", GgmlType.F32, new long[] {kvDim}, floats(kvDim, rnd, 0.5f));
        w.addTensor(p + "attn_v.bias", GgmlType.F32, new long[] {kvDim}, floats(kvDim, rnd, 0.5f));
      }
      w.addTensor(
          p + "attn_output.weight",
          matrixType,
          new long[] {dim, dim},
          matrix(matrixType, dim * dim, rnd));
      w.addTensor(p + "ffn_norm.weight", GgmlType.F32, new long[] {dim}, floats(dim, rnd, 0f));
      w.addTensor(
          p + "ffn_gate.weight",
          matrixType,
          new long[] {dim, ffn},
          matrix(matrixType, dim * ffn, rnd));
      w.addTensor(
          p + "ffn_up.weight",
          matrixType,
          new long[] {dim, ffn},
          matrix(matrixType, dim * ffn, rnd));
      w.addTensor(
          p + "ffn_down.weight",
          matrixType,
          new long[] {ffn, dim},
          matrix(matrixType, dim * ffn, rnd));
    }
    w.addTensor("output_norm.weight", GgmlType.F32, new long[] {dim}, floats(dim, rnd, 0f));
    return w;
  }

  /**
   * Random F32 data, or zero bytes of the right size for other types (only loading is tested then).
   */
  static GgufWriter.TensorData matrix(GgmlType type, int n, Random rnd) {
    if (type == GgmlType.F32) {
      return floats(n, rnd, 0.3f);
    }
    long bytes = (n + type.blockSize() - 1) / type.blockSize() * (long) type.typeSize();
    return os -> os.write(new byte[(int) bytes]);
  }

  /** F32 data: random in [-scale, scale], or ones when scale is 0 (norm weights). */
  static GgufWriter.TensorData floats(int n, Random rnd, float scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale == 0 ? 1f : (rnd.nextFloat() * 2 - 1) * scale;
    }
    return os -> {
      byte[] b = new byte[n * 4];
      MemorySegment seg = MemorySegment.ofArray(b);
      for (int i = 0; i < n; i++) {
        seg.setAtIndex(
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i, v[i]);
      }
      os.write(b);
    };
  }

  public static Path write(GgufWriter w, Path dir, String name) throws IOException {
    Path p = dir.resolve(name);
    w.write(p);
    return p;
  }
}
