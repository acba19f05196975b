package dev.rag.llm.model;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.gguf.GgufFile;
import dev.rag.llm.gguf.GgufMetadata;
import dev.rag.llm.gguf.GgufTensorInfo;
import dev.rag.llm.tensor.DecodeCopyable;
import dev.rag.llm.tensor.Tensor;
import dev.rag.llm.tensor.quant.Quantizer;
import dev.rag.llm.tensor.quant.TensorFormats;
import java.lang.foreign.Arena;
import java.util.Set;

/**
 * Builds {@link ModelConfig} and {@link ModelWeights} from a GGUF file. Weights stay in the mapping
 * unless quantization on load is requested, in which case the quantized copies live in {@code
 * arena}.
 */
public final class ModelLoader {
  public static final Set<String> ARCHITECTURES = Set.of("llama", "mistral", "qwen2");

  private final GgufFile file;
  private final GgmlType quantizeTo;
  private final Arena arena;

  /** Bytes of heap that decode copies of matrices may still take (see {@link #forDecode}). */
  private long decodeCopyBudget;

  /**
   * @param quantizeTo Q8_0, Q4_0, Q6_K or Q4_K to quantize F32/F16/BF16 matrices on load, or null
   *     to keep them; matrices whose rows are not a multiple of the format's block (32, or 256 for
   *     the K-quants) stay as they are
   * @param arena owner of quantized copies (only used when {@code quantizeTo} is set)
   */
  public ModelLoader(GgufFile file, GgmlType quantizeTo, Arena arena) {
    if (quantizeTo != null && !Quantizer.ALLOWED.contains(quantizeTo)) {
      throw new IllegalArgumentException(
          "quantizeTo " + quantizeTo + " not allowed; use Q8_0, Q4_0, Q6_K, Q4_K or null");
    }
    this.file = file;
    this.quantizeTo = quantizeTo;
    Runtime rt = Runtime.getRuntime();
    this.decodeCopyBudget = (rt.maxMemory() - (rt.totalMemory() - rt.freeMemory())) / 2;
    this.arena = arena;
  }

  public static ModelConfig readConfig(GgufFile file) {
    GgufMetadata md = file.metadata();
    String arch =
        md.findString("general.architecture")
            .orElseThrow(
                () ->
                    new UnsupportedModelException(
                        file.path().getFileName() + " has no general.architecture"));
    if (!ARCHITECTURES.contains(arch)) {
      throw new UnsupportedModelException(
          "unsupported architecture '" + arch + "'; supported: llama, mistral, qwen2");
    }
    int dim = md.getInt(arch + ".embedding_length");
    int heads = md.getInt(arch + ".attention.head_count");
    int kvHeads = md.getInt(arch + ".attention.head_count_kv", heads);
    int headDim = dim / heads;
    long[] embShape = file.tensor("token_embd.weight").shape();
    int vocab = (int) embShape[1];
    return new ModelConfig(
        arch,
        dim,
        md.getInt(arch + ".block_count"),
        heads,
        kvHeads,
        headDim,
        md.getInt(arch + ".feed_forward_length"),
        vocab,
        md.getInt(arch + ".context_length"),
        md.getFloat(arch + ".attention.layer_norm_rms_epsilon", 1e-5f),
        md.getFloat(arch + ".rope.freq_base", 10000f),
        md.getInt(arch + ".rope.dimension_count", headDim),
        arch.equals("qwen2") ? RopeType.NEOX : RopeType.NORMAL,
        file.tensors().containsKey("blk.0.attn_q.bias"));
  }

  public ModelWeights loadWeights(ModelConfig c) {
    LayerWeights[] layers = new LayerWeights[c.layers()];
    for (int i = 0; i < c.layers(); i++) {
      String p = "blk." + i + ".";
      layers[i] =
          new LayerWeights(
              vector(p + "attn_norm.weight", c.dim()),
              forDecode(matrix(p + "attn_q.weight", c.dim(), c.dim())),
              forDecode(matrix(p + "attn_k.weight", c.kvDim(), c.dim())),
              forDecode(matrix(p + "attn_v.weight", c.kvDim(), c.dim())),
              forDecode(matrix(p + "attn_output.weight", c.dim(), c.dim())),
              c.qkvBias() ? vector(p + "attn_q.bias", c.dim()) : null,
              c.qkvBias() ? vector(p + "attn_k.bias", c.kvDim()) : null,
              c.qkvBias() ? vector(p + "attn_v.bias", c.kvDim()) : null,
              vector(p + "ffn_norm.weight", c.dim()),
              forDecode(matrix(p + "ffn_gate.weight", c.ffnDim(), c.dim())),
              forDecode(matrix(p + "ffn_down.weight", c.dim(), c.ffnDim())),
              forDecode(matrix(p + "ffn_up.weight", c.ffnDim(), c.dim())));
    }
    Tensor embedding = matrix("token_embd.weight", c.vocabSize(), c.dim());
    // Tied embeddings: no output.weight, the embedding doubles as the classifier.
    Tensor output =
        forDecode(
            file.tensors().containsKey("output.weight")
                ? matrix("output.weight", c.vocabSize(), c.dim())
                : embedding);
    // Llama 3.1-style RoPE scaling ships its per-pair frequency divisors as a tensor.
    float[] ropeFreqs =
        file.tensors().containsKey("rope_freqs.weight")
            ? vector("rope_freqs.weight", c.ropeDim() / 2)
            : null;
    return new ModelWeights(
        embedding, layers, vector("output_norm.weight", c.dim()), output, ropeFreqs);
  }

  /**
   * Q8_0 and Q4_0 matrices get a heap copy for decode ({@link DecodeCopyable}) while the copies fit
   * in half of the heap that is free when loading starts; the rest stay as mapped. So a 1B model
   * gets them under the JVM's default heap, and a service started with a small {@code -Xmx} loads
   * exactly as before.
   */
  private Tensor forDecode(Tensor t) {
    if (t instanceof DecodeCopyable q && q.decodeCopyHelps() && q.byteSize() <= decodeCopyBudget) {
      decodeCopyBudget -= q.byteSize();
      return q.withDecodeCopy();
    }
    return t;
  }

  private Tensor matrix(String name, int rows, int cols) {
    GgufTensorInfo info = file.tensor(name);
    checkShape(info, (long) rows * cols, cols);
    Tensor t = wrap(info);
    boolean quantizable =
        t.type() == GgmlType.F32 || t.type() == GgmlType.F16 || t.type() == GgmlType.BF16;
    // Rows that are not a multiple of the block size stay as they are (the usual llama.cpp rule).
    if (quantizeTo != null && quantizable && cols % quantizeTo.blockSize() == 0) {
      return Quantizer.quantize(t, quantizeTo, arena);
    }
    return t;
  }

  private float[] vector(String name, int n) {
    GgufTensorInfo info = file.tensor(name);
    checkShape(info, n, n);
    float[] v = new float[n];
    wrap(info).dequantize(0, v, 0, n);
    return v;
  }

  private Tensor wrap(GgufTensorInfo info) {
    if (!info.type().isSupported()) {
      throw new UnsupportedModelException(
          "tensor "
              + info.name()
              + " has type "
              + info.type()
              + ", which is not supported; supported: "
              + GgmlType.SUPPORTED);
    }
    return TensorFormats.wrap(info.type(), file.tensorData(info), info.elementCount());
  }

  private static void checkShape(GgufTensorInfo info, long elements, int rowLength) {
    if (info.elementCount() != elements || info.rowLength() != rowLength) {
      throw new UnsupportedModelException(
          "tensor "
              + info.name()
              + " has shape "
              + java.util.Arrays.toString(info.shape())
              + ", expected "
              + elements
              + " elements in rows of "
              + rowLength);
    }
  }
}
