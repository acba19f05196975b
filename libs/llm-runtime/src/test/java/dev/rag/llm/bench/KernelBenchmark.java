package dev.rag.llm.bench;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.ActivationFormat;
import dev.rag.llm.tensor.MatMul;
import dev.rag.llm.tensor.ParallelFor;
import dev.rag.llm.tensor.Tensor;
import dev.rag.llm.tensor.quant.Quantizer;
import dev.rag.llm.tensor.quant.TensorFormats;
import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;

/**
 * Single-thread kernel throughput measured in thread CPU time, so it stays meaningful on a machine
 * shared with other work: a ROWS x COLS matrix (default 4096 x 2048; 2048 8192 is the 1B FFN down
 * projection) times 1, 4 and 16 vectors, with int8 and with float activations. Not a test; run with
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * dev.rag.llm.bench.KernelBenchmark}.
 */
public final class KernelBenchmark {
  private KernelBenchmark() {}

  public static void main(String[] args) {
    int rows = args.length > 1 ? Integer.parseInt(args[0]) : 4096;
    int cols = args.length > 1 ? Integer.parseInt(args[1]) : 2048;
    float[] weights = new float[rows * cols];
    Random rnd = new Random(1);
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) rnd.nextGaussian();
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    try (Arena arena = Arena.ofConfined()) {
      for (GgmlType type :
          new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K}) {
        Tensor w = Quantizer.quantize(TensorFormats.ofFloats(weights), type, arena);
        for (ActivationFormat format : ActivationFormat.values()) {
          for (int tokens : new int[] {1, 4, 16}) {
            float[][] x = new float[tokens][cols];
            for (float[] v : x) {
              for (int i = 0; i < cols; i++) {
                v[i] = (float) rnd.nextGaussian();
              }
            }
            float[][] out = new float[tokens][rows];
            double best = Double.MAX_VALUE;
            // At least two seconds each, so the JIT has compiled the kernel before the best run.
            long start = System.nanoTime();
            for (int it = 0; it < 40 || System.nanoTime() - start < 2_000_000_000L; it++) {
              long t0 = mx.getCurrentThreadCpuTime();
              MatMul.apply(ParallelFor.SERIAL, format, w, rows, cols, x, tokens, out);
              best = Math.min(best, (mx.getCurrentThreadCpuTime() - t0) / 1e9);
            }
            System.out.printf(
                "%s %s activations tokens=%2d: %.2f ms per matmul, %.3f ms per token, "
                    + "%.2f GB/s of weights per token-pass per core%n",
                type,
                format,
                tokens,
                best * 1e3,
                best * 1e3 / tokens,
                w.byteSize() * tokens / best / 1e9);
          }
        }
      }
    }
  }
}
