package dev.rag.llm.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.rag.llm.backend.Backend;
import dev.rag.llm.kv.PagedKvCache;
import dev.rag.llm.model.ForwardBatch;
import dev.rag.llm.model.ModelConfig;
import dev.rag.llm.model.ModelWeights;
import dev.rag.llm.model.SequenceSlice;
import dev.rag.llm.ort.graph.DecoderGraph;
import dev.rag.llm.ort.graph.NBitsCompute;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the forward pass in ONNX Runtime behind the runtime's {@link Backend} interface, so the
 * engine, scheduler and sampling are the ones the Java backend uses and the paged KV cache stays
 * the source of truth: per sequence slice the blocks it needs are gathered into
 * GroupQueryAttention's past tensors, and the new positions of its present tensors are written back
 * to their slots.
 *
 * <p>Prompt chunks run one at a time; all single-token (decode) slices of a step run as one batch,
 * their past tensors right-padded to the longest, so the weights are streamed once per step for all
 * decoding sequences, as on the Java backend. On the CPU execution provider the gather costs a copy
 * of each sequence's K/V per step, small next to the weight traffic for the models this path
 * serves. See the package documentation for the CUDA design that removes the copy.
 */
public final class OrtBackend implements Backend {
  private static final Pattern MISSING_KERNEL =
      Pattern.compile("implementation for (\\w+)\\((\\d+)\\)");

  private final ModelConfig config;
  private final OrtDevice device;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final PastKv pastKv;
  private final DecoderGraph.Built graph;

  private OrtBackend(
      ModelConfig config,
      OrtDevice device,
      OrtEnvironment env,
      OrtSession session,
      DecoderGraph.Built graph) {
    this.config = config;
    this.device = device;
    this.env = env;
    this.session = session;
    this.graph = graph;
    this.pastKv = new PastKv(config.kvHeads(), config.headDim());
  }

  /**
   * {@link #create(ModelConfig, ModelWeights, OrtDevice, int, NBitsCompute)} with float
   * activations.
   */
  public static OrtBackend create(
      ModelConfig config, ModelWeights weights, OrtDevice device, int threads) {
    return create(config, weights, device, threads, NBitsCompute.FLOAT);
  }

  /**
   * Builds the decoder graph from {@code weights} and opens an ONNX Runtime session on {@code
   * device} with {@code threads} intra-op threads.
   *
   * @param compute how block-quantized matrices multiply (float activations, or int8 for speed)
   * @throws OrtUnavailableException naming what is missing when ONNX Runtime cannot run it here
   */
  public static OrtBackend create(
      ModelConfig config,
      ModelWeights weights,
      OrtDevice device,
      int threads,
      NBitsCompute compute) {
    if (threads <= 0) {
      throw new IllegalArgumentException("threads " + threads + " must be > 0");
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    if (device == OrtDevice.CUDA
        && !OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      throw new OrtUnavailableException(
          "ONNX Runtime "
              + env.getVersion()
              + " on the class path has no CUDA "
              + "execution provider (providers: "
              + OrtEnvironment.getAvailableProviders()
              + "); build with the "
              + "Maven profile -Pcuda to use com.microsoft.onnxruntime:onnxruntime_gpu",
          null);
    }
    DecoderGraph.Built graph = DecoderGraph.build(config, weights, compute);
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      if (device == OrtDevice.CUDA) {
        addCuda(options, env);
      }
      OrtSession session = env.createSession(graph.model(), options);
      return new OrtBackend(config, device, env, session, graph);
    } catch (OrtException e) {
      throw new OrtUnavailableException(explain(e, env, device), e);
    }
  }

  /** Untested on a GPU so far: the CUDA provider on device 0. */
  private static void addCuda(OrtSession.SessionOptions options, OrtEnvironment env) {
    try {
      options.addCUDA(0);
    } catch (OrtException e) {
      throw new OrtUnavailableException(
          "ONNX Runtime "
              + env.getVersion()
              + " could not load its CUDA execution "
              + "provider ("
              + e.getMessage()
              + "); it needs the CUDA 12 runtime, cuBLAS and cuDNN 9 "
              + "libraries on the library path and a supported NVIDIA GPU",
          e);
    }
  }

  static String explain(OrtException e, OrtEnvironment env, OrtDevice device) {
    Matcher m = MISSING_KERNEL.matcher(String.valueOf(e.getMessage()));
    if (m.find()) {
      return "ONNX Runtime "
          + env.getVersion()
          + " has no "
          + device
          + " kernel for operator "
          + m.group(1)
          + " (opset "
          + m.group(2)
          + ") that the decoder graph needs: "
          + e.getMessage();
    }
    return "ONNX Runtime "
        + env.getVersion()
        + " could not load the decoder graph on "
        + device
        + ": "
        + e.getMessage();
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  public OrtDevice device() {
    return device;
  }

  /** Matrices the graph runs as MatMulNBits (block-quantized) and as float MatMul. */
  public int quantizedMatrices() {
    return graph.quantizedMatrices();
  }

  public int floatMatrices() {
    return graph.floatMatrices();
  }

  @Override
  public float[][] forward(ForwardBatch batch, PagedKvCache cache) {
    List<SequenceSlice> slices = batch.slices();
    float[][] logits = new float[slices.size()][];
    List<Integer> decodes = new ArrayList<>();
    for (int s = 0; s < slices.size(); s++) {
      SequenceSlice slice = slices.get(s);
      check(slice, cache);
      if (slice.tokens().length == 1) {
        decodes.add(s);
      } else {
        logits[s] = run(List.of(slice), cache)[0];
      }
    }
    // Single-token slices run together: one pass over the weights for all of them.
    if (!decodes.isEmpty()) {
      List<SequenceSlice> group = new ArrayList<>(decodes.size());
      decodes.forEach(s -> group.add(slices.get(s)));
      float[][] out = run(group, cache);
      for (int i = 0; i < decodes.size(); i++) {
        logits[decodes.get(i)] = out[i];
      }
    }
    for (int s = 0; s < slices.size(); s++) {
      if (!slices.get(s).wantLogits()) {
        logits[s] = null;
      }
    }
    return logits;
  }

  /** Runs slices of equal token count as one batch; returns each one's logits [vocab]. */
  private float[][] run(List<SequenceSlice> group, PagedKvCache cache) {
    int batch = group.size();
    int seq = group.getFirst().tokens().length;
    int width = 0;
    int longest = 0;
    for (SequenceSlice s : group) {
      width = Math.max(width, s.startPosition());
      longest = Math.max(longest, s.endPosition());
    }
    long[] ids = new long[batch * seq];
    long[] positions = new long[batch * seq];
    int[] seqlens = new int[batch];
    for (int b = 0; b < batch; b++) {
      SequenceSlice s = group.get(b);
      for (int i = 0; i < seq; i++) {
        ids[b * seq + i] = s.tokens()[i];
        positions[b * seq + i] = s.startPosition() + i;
      }
      seqlens[b] = s.endPosition() - 1;
    }
    List<OnnxTensor> owned = new ArrayList<>();
    try {
      Map<String, OnnxTensor> inputs = new HashMap<>();
      long[] tokenShape = {batch, seq};
      inputs.put(
          DecoderGraph.INPUT_IDS,
          own(owned, OnnxTensor.createTensor(env, LongBuffer.wrap(ids), tokenShape)));
      inputs.put(
          DecoderGraph.POSITION_IDS,
          own(owned, OnnxTensor.createTensor(env, LongBuffer.wrap(positions), tokenShape)));
      inputs.put(
          DecoderGraph.SEQLENS_K,
          own(owned, OnnxTensor.createTensor(env, IntBuffer.wrap(seqlens), new long[] {batch})));
      inputs.put(
          DecoderGraph.TOTAL_SEQUENCE_LENGTH,
          own(
              owned,
              OnnxTensor.createTensor(env, IntBuffer.wrap(new int[] {longest}), new long[] {1})));
      long[] pastShape = {batch, config.kvHeads(), width, config.headDim()};
      int pastFloats = batch * config.kvDim() * width;
      for (int l = 0; l < config.layers(); l++) {
        float[] keys = new float[pastFloats];
        float[] values = new float[pastFloats];
        for (int b = 0; b < batch; b++) {
          SequenceSlice s = group.get(b);
          pastKv.gather(cache, cache.keys(l), s.blockTable(), s.startPosition(), keys, b, width);
          pastKv.gather(
              cache, cache.values(l), s.blockTable(), s.startPosition(), values, b, width);
        }
        inputs.put(
            DecoderGraph.pastKey(l),
            own(owned, OnnxTensor.createTensor(env, FloatBuffer.wrap(keys), pastShape)));
        inputs.put(
            DecoderGraph.pastValue(l),
            own(owned, OnnxTensor.createTensor(env, FloatBuffer.wrap(values), pastShape)));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        for (int l = 0; l < config.layers(); l++) {
          OnnxTensor presentKey = tensor(result, DecoderGraph.presentKey(l));
          int presentWidth = (int) presentKey.getInfo().getShape()[2];
          float[] k = floats(presentKey);
          float[] v = floats(tensor(result, DecoderGraph.presentValue(l)));
          for (int b = 0; b < batch; b++) {
            SequenceSlice s = group.get(b);
            pastKv.scatter(
                k,
                b,
                presentWidth,
                s.startPosition(),
                s.endPosition(),
                cache,
                cache.keys(l),
                s.blockTable());
            pastKv.scatter(
                v,
                b,
                presentWidth,
                s.startPosition(),
                s.endPosition(),
                cache,
                cache.values(l),
                s.blockTable());
          }
        }
        float[] flat = floats(tensor(result, DecoderGraph.LOGITS));
        float[][] logits = new float[batch][];
        for (int b = 0; b < batch; b++) {
          logits[b] =
              java.util.Arrays.copyOfRange(
                  flat, b * config.vocabSize(), (b + 1) * config.vocabSize());
        }
        return logits;
      }
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime forward pass of " + batch + " slice(s) failed: " + e.getMessage(), e);
    } finally {
      owned.forEach(OnnxTensor::close);
    }
  }

  private static OnnxTensor own(List<OnnxTensor> owned, OnnxTensor tensor) {
    owned.add(tensor);
    return tensor;
  }

  private static OnnxTensor tensor(OrtSession.Result result, String name) {
    return (OnnxTensor)
        result
            .get(name)
            .orElseThrow(() -> new IllegalStateException("decoder graph returned no " + name));
  }

  private static float[] floats(OnnxTensor tensor) {
    FloatBuffer buffer = tensor.getFloatBuffer();
    float[] out = new float[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  private void check(SequenceSlice s, PagedKvCache cache) {
    if (s.endPosition() > config.contextLength()) {
      throw new IllegalArgumentException(
          "slice ends at position "
              + s.endPosition()
              + ", beyond the context length "
              + config.contextLength());
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
      if (token < 0 || token >= config.vocabSize()) {
        throw new IllegalArgumentException(
            "token id " + token + " outside [0, " + config.vocabSize() + ")");
      }
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing the ONNX Runtime session failed", e);
    }
  }
}
