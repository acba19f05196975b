package dev.rag.llm.cli;

import dev.rag.cli.ArgumentReader;
import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.gguf.GgufFile;
import dev.rag.llm.gguf.GgufWriter;
import dev.rag.llm.tensor.TensorBytes;
import dev.rag.llm.tensor.quant.KQuantizer;
import dev.rag.llm.tensor.quant.Quantizer;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a llama-layout GGUF with random weights for benchmarks, copying the tokenizer of a real
 * GGUF file. Weights are generated row by row and streamed, so multi-GB files never sit on the
 * heap.
 *
 * <pre>
 * SynthesizeModelCommand --out /tmp/llama-1b-q8_0.gguf --type q8_0 --tokenizer-from stories260K.gguf
 *     [--dim 2048] [--layers 16] [--heads 32] [--kv-heads 8] [--ffn 8192] [--context 2048] [--seed 1]
 * </pre>
 */
public final class SynthesizeModelCommand {
  static final String USAGE =
      "usage: synthesize --out F.gguf --type f16|q8_0|q4_0|q6_k|q4_k --tokenizer-from REAL.gguf "
          + "[--dim 2048] [--layers 16] [--heads 32] [--kv-heads 8] [--ffn 8192] [--context 2048] [--seed 1]";

  /** The model shape. */
  public record Shape(int dim, int layers, int heads, int kvHeads, int ffn, int context) {
    public Shape {
      if (dim <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || ffn <= 0 || context <= 0) {
        throw new IllegalArgumentException("all dimensions must be > 0");
      }
      if (dim % heads != 0 || heads % kvHeads != 0) {
        throw new IllegalArgumentException(
            "heads "
                + heads
                + " must divide dim "
                + dim
                + " and kv-heads "
                + kvHeads
                + " must divide heads");
      }
      if (dim % 32 != 0 || ffn % 32 != 0) {
        throw new IllegalArgumentException(
            "dim " + dim + " and ffn " + ffn + " must be multiples of 32");
      }
    }
  }

  private SynthesizeModelCommand() {}

  public static void main(String[] args) throws IOException {
    try {
      run(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
    }
  }

  static void run(String[] args) throws IOException {
    Path out = null;
    GgmlType type = null;
    Path tokenizerFrom = null;
    int dim = 2048;
    int layers = 16;
    int heads = 32;
    int kvHeads = 8;
    int ffn = 8192;
    int context = 2048;
    long seed = 1;
    ArgumentReader flags = new ArgumentReader(args);
    while (flags.hasNext()) {
      switch (flags.next()) {
        case "--out" -> out = Path.of(flags.value());
        case "--type" -> type = type(flags.value());
        case "--tokenizer-from" -> tokenizerFrom = Path.of(flags.value());
        case "--dim" -> dim = flags.intValue(1, Integer.MAX_VALUE);
        case "--layers" -> layers = flags.intValue(1, Integer.MAX_VALUE);
        case "--heads" -> heads = flags.intValue(1, Integer.MAX_VALUE);
        case "--kv-heads" -> kvHeads = flags.intValue(1, Integer.MAX_VALUE);
        case "--ffn" -> ffn = flags.intValue(1, Integer.MAX_VALUE);
        case "--context" -> context = flags.intValue(1, Integer.MAX_VALUE);
        case "--seed" -> seed = flags.longValue();
        default -> throw flags.unknown();
      }
    }
    if (out == null || type == null || tokenizerFrom == null) {
      throw new IllegalArgumentException("--out, --type and --tokenizer-from are required");
    }
    write(out, type, new Shape(dim, layers, heads, kvHeads, ffn, context), tokenizerFrom, seed);
    System.err.println("wrote " + out);
  }

  private static GgmlType type(String name) {
    return switch (name.toLowerCase()) {
      case "f16" -> GgmlType.F16;
      case "q8_0" -> GgmlType.Q8_0;
      case "q4_0" -> GgmlType.Q4_0;
      case "q6_k" -> GgmlType.Q6_K;
      case "q4_k" -> GgmlType.Q4_K;
      default -> throw new IllegalArgumentException("--type must be f16, q8_0, q4_0, q6_k or q4_k");
    };
  }

  /** Writes the synthetic model; the tokenizer metadata is copied from {@code tokenizerSource}. */
  public static void write(Path out, GgmlType type, Shape s, Path tokenizerSource, long seed)
      throws IOException {
    if (s.dim() % type.blockSize() != 0 || s.ffn() % type.blockSize() != 0) {
      throw new IllegalArgumentException(
          "dim "
              + s.dim()
              + " and ffn "
              + s.ffn()
              + " must be multiples of "
              + type.blockSize()
              + " for "
              + type);
    }
    GgufWriter w = new GgufWriter(3, 32);
    int vocab;
    try (GgufFile src = GgufFile.open(tokenizerSource)) {
      vocab = src.metadata().getStringArray("tokenizer.ggml.tokens").length;
      w.put("general.architecture", "llama");
      w.put("general.name", "synthetic-llama-" + s.dim() + "x" + s.layers());
      w.put("llama.context_length", s.context());
      w.put("llama.embedding_length", s.dim());
      w.put("llama.block_count", s.layers());
      w.put("llama.feed_forward_length", s.ffn());
      w.put("llama.attention.head_count", s.heads());
      w.put("llama.attention.head_count_kv", s.kvHeads());
      w.put("llama.rope.dimension_count", s.dim() / s.heads());
      w.put("llama.attention.layer_norm_rms_epsilon", 1e-5f);
      w.put("llama.rope.freq_base", 10000f);
      for (Map.Entry<String, Object> e : src.metadata().asMap().entrySet()) {
        if (e.getKey().startsWith("tokenizer.")) {
          w.put(e.getKey(), e.getValue());
        }
      }
    }
    int kvDim = s.dim() / s.heads() * s.kvHeads();
    SplittableRandom root = new SplittableRandom(seed);
    w.addTensor(
        "token_embd.weight",
        type,
        new long[] {s.dim(), vocab},
        random(type, vocab, s.dim(), root.split()));
    for (int l = 0; l < s.layers(); l++) {
      String p = "blk." + l + ".";
      w.addTensor(p + "attn_norm.weight", GgmlType.F32, new long[] {s.dim()}, ones(s.dim()));
      w.addTensor(
          p + "attn_q.weight",
          type,
          new long[] {s.dim(), s.dim()},
          random(type, s.dim(), s.dim(), root.split()));
      w.addTensor(
          p + "attn_k.weight",
          type,
          new long[] {s.dim(), kvDim},
          random(type, kvDim, s.dim(), root.split()));
      w.addTensor(
          p + "attn_v.weight",
          type,
          new long[] {s.dim(), kvDim},
          random(type, kvDim, s.dim(), root.split()));
      w.addTensor(
          p + "attn_output.weight",
          type,
          new long[] {s.dim(), s.dim()},
          random(type, s.dim(), s.dim(), root.split()));
      w.addTensor(p + "ffn_norm.weight", GgmlType.F32, new long[] {s.dim()}, ones(s.dim()));
      w.addTensor(
          p + "ffn_gate.weight",
          type,
          new long[] {s.dim(), s.ffn()},
          random(type, s.ffn(), s.dim(), root.split()));
      w.addTensor(
          p + "ffn_up.weight",
          type,
          new long[] {s.dim(), s.ffn()},
          random(type, s.ffn(), s.dim(), root.split()));
      w.addTensor(
          p + "ffn_down.weight",
          type,
          new long[] {s.ffn(), s.dim()},
          random(type, s.dim(), s.ffn(), root.split()));
    }
    w.addTensor("output_norm.weight", GgmlType.F32, new long[] {s.dim()}, ones(s.dim()));
    w.addTensor(
        "output.weight",
        type,
        new long[] {s.dim(), vocab},
        random(type, vocab, s.dim(), root.split()));
    w.write(out);
  }

  private static GgufWriter.TensorData ones(int n) {
    return os -> {
      byte[] b = new byte[n * 4];
      MemorySegment seg = MemorySegment.ofArray(b);
      for (int i = 0; i < n; i++) {
        seg.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i, 1f);
      }
      os.write(b);
    };
  }

  /** Uniform weights with variance 1/cols, so activations keep their scale through the layers. */
  private static GgufWriter.TensorData random(
      GgmlType type, int rows, int cols, SplittableRandom rnd) {
    return os -> {
      float bound = (float) Math.sqrt(3.0 / cols);
      float[] row = new float[cols];
      byte[] bytes = new byte[(int) TensorBytes.bytesFor(type, cols)];
      MemorySegment seg = MemorySegment.ofArray(bytes);
      for (int r = 0; r < rows; r++) {
        for (int i = 0; i < cols; i++) {
          row[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
        }
        encodeRow(type, row, seg);
        os.write(bytes);
      }
    };
  }

  private static void encodeRow(GgmlType type, float[] row, MemorySegment seg) {
    float[] block = new float[32];
    switch (type) {
      case F16 -> {
        for (int i = 0; i < row.length; i++) {
          seg.setAtIndex(
              ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN),
              i,
              Float.floatToFloat16(row[i]));
        }
      }
      case Q8_0, Q4_0 -> {
        for (int b = 0; b < row.length / 32; b++) {
          System.arraycopy(row, b * 32, block, 0, 32);
          if (type == GgmlType.Q8_0) {
            Quantizer.writeQ8Block(block, seg, (long) b * type.typeSize());
          } else {
            Quantizer.writeQ4Block(block, seg, (long) b * type.typeSize());
          }
        }
      }
      case Q6_K, Q4_K -> {
        for (int b = 0; b < row.length / KQuantizer.QK; b++) {
          if (type == GgmlType.Q6_K) {
            KQuantizer.writeQ6_KBlock(
                row, b * KQuantizer.QK, seg, (long) b * type.typeSize(), null);
          } else {
            KQuantizer.writeQ4_KBlock(
                row, b * KQuantizer.QK, seg, (long) b * type.typeSize(), null);
          }
        }
      }
      default -> throw new IllegalArgumentException("type " + type);
    }
  }
}
