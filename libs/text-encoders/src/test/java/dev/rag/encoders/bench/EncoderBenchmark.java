package dev.rag.encoders.bench;

import dev.rag.encoders.BundledModels;
import dev.rag.encoders.inference.BatchingPolicy;
import dev.rag.encoders.inference.CrossEncoder;
import dev.rag.encoders.inference.CrossEncoderOptions;
import dev.rag.encoders.inference.TextEmbedder;
import dev.rag.encoders.model.EncoderModel;
import dev.rag.encoders.model.EncoderOptions;
import dev.rag.encoders.onnx.BertShape;
import dev.rag.encoders.onnx.CrossEncoderModelWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Plain wall-clock benchmark: one warm-up round, then the median of {@code ROUNDS} rounds. No JMH:
 * each operation runs for hundreds of milliseconds in native code, far above JIT and timer noise.
 */
public final class EncoderBenchmark {

  private static final int ROUNDS = 3;

  /**
   * Whole tokens in both bge's and the generated WordPiece vocabulary, so lengths are exact for
   * both.
   */
  private static final String WORDS =
      "the market bank interest rate bond price stock growth inflation economy data "
          + "system search query passage document answer question index model language text vector";

  private static final String QUERY =
      "what are the interest rate and inflation effects on bond price";

  private EncoderBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<String> passages = passages(32, 254);
    for (int threads : new int[] {1, 2}) {
      EncoderOptions options = EncoderOptions.defaults().withIntraOpThreads(threads);
      for (BatchingPolicy policy : List.of(BatchingPolicy.unbatched(), BatchingPolicy.defaults())) {
        try (TextEmbedder embedder = BundledModels.bgeSmallEmbedder(options, policy)) {
          int tokens = embedder.embed(passages.subList(0, 1)).stats().paddedLengths().getFirst();
          double perSecond = passages.size() / median(() -> embedder.embed(passages));
          report(
              "bge-small-q passages/s, %d-token passages, %d thread(s), batch<=%d",
              perSecond, tokens, threads, policy.maxSequences());
        }
      }
    }
    Path dir = Files.createTempDirectory("bench-ce-");
    CrossEncoderModelWriter.write(
        dir.resolve("tiny"),
        new BertShape(CrossEncoderModelWriter.builtInVocabularySize(), 32, 2, 4, 64, 48),
        42L);
    long written = System.nanoTime();
    CrossEncoderModelWriter.write(dir.resolve("minilm"), BertShape.miniLmL6(), 42L);
    System.out.printf(
        "wrote MiniLM-L6-shaped model (%d MB) in %.1f s%n",
        Files.size(dir.resolve("minilm/model.onnx")) >> 20, (System.nanoTime() - written) / 1e9);
    List<String> shortPassages = passages(256, 30);
    for (int threads : new int[] {1, 2}) {
      EncoderOptions options = EncoderOptions.defaults().withIntraOpThreads(threads);
      try (CrossEncoder tiny =
          new CrossEncoder(
              EncoderModel.load("tiny-ce", dir.resolve("tiny"), options),
              CrossEncoderOptions.defaults())) {
        double perSecond = shortPassages.size() / median(() -> tiny.score(QUERY, shortPassages));
        report(
            "tiny test cross-encoder pairs/s (h32 L2, <=48 tokens), %d thread(s)",
            perSecond, threads);
      }
      try (CrossEncoder miniLm =
          new CrossEncoder(
              EncoderModel.load("minilm-l6-random", dir.resolve("minilm"), options),
              CrossEncoderOptions.defaults())) {
        List<String> fifty = passages(50, 256);
        int length = miniLm.score(QUERY, fifty.subList(0, 1)).stats().paddedLengths().getFirst();
        double seconds = median(() -> miniLm.score(QUERY, fifty));
        report(
            "MiniLM-L6-shaped rerank of 50 pairs (%d tokens each incl. query), %d thread(s): seconds per query",
            seconds, length, threads);
        report("MiniLM-L6-shaped pairs/s, %d thread(s)", fifty.size() / seconds, threads);
      }
    }
  }

  /** Median seconds of one call over ROUNDS timed rounds after one warm-up round. */
  private static double median(Supplier<?> call) {
    call.get();
    double[] seconds = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      long start = System.nanoTime();
      call.get();
      seconds[r] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(seconds);
    return seconds[ROUNDS / 2];
  }

  private static void report(String format, double value, Object... args) {
    System.out.printf("%-95s %8.2f%n", String.format(format, args), value);
  }

  /**
   * Distinct passages of exactly {@code words} whole-word tokens (all words are single tokens in
   * bge's vocabulary).
   */
  private static List<String> passages(int count, int words) {
    String[] vocabulary = WORDS.split(" ");
    List<String> result = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < words; w++) {
        sb.append(vocabulary[(w * 7 + p * 3 + w / 5) % vocabulary.length]).append(' ');
      }
      result.add(sb.toString().trim());
    }
    return result;
  }
}
