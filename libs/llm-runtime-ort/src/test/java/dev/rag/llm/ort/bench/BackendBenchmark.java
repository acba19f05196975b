package dev.rag.llm.ort.bench;

import dev.rag.llm.backend.Backend;
import dev.rag.llm.backend.cpu.CpuBackend;
import dev.rag.llm.cli.SynthesizeModelCommand;
import dev.rag.llm.engine.LoadedModel;
import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.kv.PagedKvCache;
import dev.rag.llm.model.ForwardBatch;
import dev.rag.llm.model.SequenceSlice;
import dev.rag.llm.ort.OrtBackend;
import dev.rag.llm.ort.OrtDevice;
import dev.rag.llm.ort.graph.NBitsCompute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Prefill and single-stream decode, wall clock, of the Java backend and the ONNX Runtime backend on
 * the same synthetic model. Not a test; run from the module directory with {@code java
 * --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp <test class path>
 * dev.rag.llm.ort.bench.BackendBenchmark TOKENIZER.gguf [threads] [cpu|cuda]} (see
 * bench/RESULTS.md).
 */
public final class BackendBenchmark {
  static final SynthesizeModelCommand.Shape SHAPE =
      new SynthesizeModelCommand.Shape(512, 8, 8, 4, 1408, 1024);
  static final int PROMPT = 256;
  static final int DECODE = 128;

  /** Concurrent sequences for the batched decode figure (one engine step decodes all of them). */
  static final int STREAMS = 8;

  static final int STREAM_STEPS = 32;

  private BackendBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path tokenizer = Path.of(args[0]);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    OrtDevice device = args.length > 2 ? OrtDevice.parse(args[2]) : OrtDevice.CPU;
    Path dir = Files.createTempDirectory("ort-bench");
    System.out.printf(
        "shape %s, prompt %d, decode %d, threads %d%n", SHAPE, PROMPT, DECODE, threads);
    for (GgmlType type : new GgmlType[] {GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0}) {
      Path file = dir.resolve(type + ".gguf");
      SynthesizeModelCommand.write(file, type, SHAPE, tokenizer, 7);
      try (LoadedModel m = LoadedModel.load(file, null)) {
        try (Backend java = new CpuBackend(m.config(), m.weights(), threads)) {
          report(type, "java", java);
        }
        try (Backend ort = OrtBackend.create(m.config(), m.weights(), device, threads)) {
          report(type, "onnxruntime-" + device.name().toLowerCase(), ort);
        }
        if (type == GgmlType.Q4_0) {
          try (Backend ort =
              OrtBackend.create(m.config(), m.weights(), device, threads, NBitsCompute.INT8)) {
            report(type, "onnxruntime-" + device.name().toLowerCase() + "-int8", ort);
          }
        }
      }
      Files.delete(file);
    }
  }

  private static void report(GgmlType type, String name, Backend backend) {
    measure(backend); // warm-up (JIT, ORT arena)
    double[] best = measure(backend);
    double batched = batchedDecode(backend);
    System.out.printf(
        "%-5s %-22s prefill %8.1f tok/s   decode %7.1f tok/s   %d streams %7.1f tok/s%n",
        type, name, best[0], best[1], STREAMS, batched);
  }

  /**
   * Aggregate tok/s of {@link #STREAMS} sequences (pasts of 64..) decoding together, one slice each
   * per step.
   */
  private static double batchedDecode(Backend backend) {
    int perSequence = (64 + STREAMS * 8 + STREAM_STEPS) / 16 + 1;
    PagedKvCache cache =
        new PagedKvCache(
            backend.config().layers(), STREAMS * perSequence, 16, backend.config().kvDim());
    int[][] tables = new int[STREAMS][perSequence];
    int[] lengths = new int[STREAMS];
    for (int s = 0; s < STREAMS; s++) {
      for (int i = 0; i < perSequence; i++) {
        tables[s][i] = s * perSequence + i;
      }
      int[] prompt = new int[64 + s * 8];
      for (int i = 0; i < prompt.length; i++) {
        prompt[i] = 3 + (i * 17 + s) % 500;
      }
      backend.forward(
          new ForwardBatch(List.of(new SequenceSlice(prompt, 0, tables[s], false))), cache);
      lengths[s] = prompt.length;
    }
    long t0 = System.nanoTime();
    for (int step = 0; step < STREAM_STEPS; step++) {
      java.util.ArrayList<SequenceSlice> slices = new java.util.ArrayList<>();
      for (int s = 0; s < STREAMS; s++) {
        slices.add(new SequenceSlice(new int[] {5 + step}, lengths[s] + step, tables[s], true));
      }
      backend.forward(new ForwardBatch(slices), cache);
    }
    return (double) STREAMS * STREAM_STEPS / ((System.nanoTime() - t0) / 1e9);
  }

  /** Returns {prefill tok/s, decode tok/s}. */
  private static double[] measure(Backend backend) {
    int blocks = (PROMPT + DECODE) / 16 + 1;
    PagedKvCache cache =
        new PagedKvCache(backend.config().layers(), blocks, 16, backend.config().kvDim());
    int[] table = new int[blocks];
    for (int i = 0; i < blocks; i++) {
      table[i] = i;
    }
    int[] prompt = new int[PROMPT];
    for (int i = 0; i < PROMPT; i++) {
      prompt[i] = 3 + (i * 31) % 500;
    }
    long t0 = System.nanoTime();
    backend.forward(new ForwardBatch(List.of(new SequenceSlice(prompt, 0, table, true))), cache);
    long t1 = System.nanoTime();
    for (int i = 0; i < DECODE; i++) {
      backend.forward(
          new ForwardBatch(List.of(new SequenceSlice(new int[] {5 + i}, PROMPT + i, table, true))),
          cache);
    }
    long t2 = System.nanoTime();
    return new double[] {PROMPT / ((t1 - t0) / 1e9), DECODE / ((t2 - t1) / 1e9)};
  }
}
