package dev.rag.generation.answer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Cosine similarity of a question with candidate sentences, from a batch embedding function (in the
 * service, retrieval-service's query embedder: one call and one padded model run for all the texts
 * it has not cached). Sentence vectors are cached here by text, since the same chunks answer many
 * questions; the question goes along every time (retrieval-service has just embedded it for the
 * search and answers it from its own cache). Any failure or an expired timeout yields an outcome
 * without similarities and with the reason, and the answer falls back to words alone.
 */
public final class SentenceSimilarity {

  /**
   * The similarities, in sentence order, or why there are none.
   *
   * @param cosines one per sentence; null when unavailable
   * @param failure why they are unavailable; null when they are not
   */
  public record Outcome(double[] cosines, String failure) {
    static Outcome unavailable(String why) {
      return new Outcome(null, why);
    }

    boolean available() {
      return cosines != null;
    }
  }

  private final Function<List<String>, List<float[]>> embedder;
  private final Duration timeout;
  private final int batchSize;
  private final Map<String, float[]> cache;

  /**
   * @param embedder texts → one unit-length vector each, in order; throws on failure
   * @param timeout longest wait for one call of {@link #of}
   * @param batchSize most texts handed to {@code embedder} at once, at least 2
   * @param cacheSize sentence vectors kept, least recently used dropped; 0 keeps none
   */
  public SentenceSimilarity(
      Function<List<String>, List<float[]>> embedder,
      Duration timeout,
      int batchSize,
      int cacheSize) {
    if (batchSize < 2) {
      throw new IllegalArgumentException("batchSize " + batchSize + " must be >= 2");
    }
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cacheSize " + cacheSize + " must be >= 0");
    }
    this.embedder = embedder;
    this.timeout = timeout;
    this.batchSize = batchSize;
    this.cache =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > cacheSize;
          }
        };
  }

  /** Cosine of {@code question} with each sentence. */
  public Outcome of(String question, List<String> sentences) {
    float[][] known = new float[sentences.size()][];
    List<String> texts = new ArrayList<>();
    texts.add(question);
    synchronized (cache) {
      for (int i = 0; i < known.length; i++) {
        known[i] = cache.get(sentences.get(i));
        if (known[i] == null && !texts.subList(1, texts.size()).contains(sentences.get(i))) {
          texts.add(sentences.get(i));
        }
      }
    }
    // On a thread of its own so that the wait is bounded whatever the embedder does; not
    // try-with-resources: closing waits for the task, and on a timeout nobody should wait.
    ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor();
    List<float[]> vectors;
    try {
      vectors = thread.submit(() -> embedAll(texts)).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return Outcome.unavailable("sentence embeddings took longer than " + timeout);
    } catch (ExecutionException e) {
      return Outcome.unavailable("sentence embeddings failed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.unavailable("interrupted");
    } finally {
      thread.shutdownNow();
    }
    Map<String, float[]> fresh = new HashMap<>();
    for (int k = 1; k < texts.size(); k++) {
      fresh.put(texts.get(k), vectors.get(k));
    }
    synchronized (cache) {
      cache.putAll(fresh);
    }
    double[] cosines = new double[sentences.size()];
    for (int i = 0; i < cosines.length; i++) {
      float[] sentence = known[i] != null ? known[i] : fresh.get(sentences.get(i));
      cosines[i] = cosine(vectors.getFirst(), sentence);
    }
    return new Outcome(cosines, null);
  }

  /** The texts' vectors, {@code batchSize} texts per call of the embedder. */
  private List<float[]> embedAll(List<String> texts) {
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += batchSize) {
      List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
      List<float[]> part = embedder.apply(batch);
      if (part == null || part.size() != batch.size()) {
        throw new IllegalStateException(
            (part == null ? 0 : part.size()) + " vectors for " + batch.size() + " texts");
      }
      vectors.addAll(part);
    }
    return vectors;
  }

  static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
