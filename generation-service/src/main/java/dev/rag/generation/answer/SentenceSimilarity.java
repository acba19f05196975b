package dev.rag.generation.answer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Cosine similarity of a question with candidate sentences, from an embedding function (in the
 * service, retrieval-service's query embedder). Sentence vectors are cached by text, since the same
 * chunks answer many questions; the sentences not cached are embedded {@code concurrency} at a time
 * on virtual threads, all within {@code timeout}. Any failure or an expired timeout yields an
 * outcome without similarities and with the reason, and the answer falls back to words alone.
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

  private final Function<String, float[]> embedder;
  private final Duration timeout;
  private final int concurrency;
  private final Map<String, float[]> cache;

  /**
   * @param embedder text → unit-length vector; throws on failure
   * @param timeout longest wait for one call of {@link #of}
   * @param concurrency embeddings requested at once, in [1, 64]
   * @param cacheSize sentence vectors kept, least recently used dropped; 0 keeps none
   */
  public SentenceSimilarity(
      Function<String, float[]> embedder, Duration timeout, int concurrency, int cacheSize) {
    if (concurrency < 1 || concurrency > 64) {
      throw new IllegalArgumentException("concurrency " + concurrency + " outside [1, 64]");
    }
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cacheSize " + cacheSize + " must be >= 0");
    }
    this.embedder = embedder;
    this.timeout = timeout;
    this.concurrency = concurrency;
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
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> texts = new ArrayList<>(sentences.size() + 1);
    texts.add(question);
    texts.addAll(sentences);
    float[][] vectors = new float[texts.size()][];
    List<Integer> missing = new ArrayList<>();
    synchronized (cache) {
      for (int i = 1; i < texts.size(); i++) {
        vectors[i] = cache.get(texts.get(i));
        if (vectors[i] == null) {
          missing.add(i);
        }
      }
    }
    // The question is embedded every time: retrieval-service has just embedded it for the
    // search and answers from its own cache.
    missing.addFirst(0);
    Semaphore permits = new Semaphore(concurrency);
    // Not try-with-resources: closing waits for every task, and on a timeout nobody should wait.
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    try {
      List<Future<float[]>> futures = new ArrayList<>();
      for (int i : missing) {
        String text = texts.get(i);
        futures.add(
            pool.submit(
                () -> {
                  permits.acquire();
                  try {
                    return embedder.apply(text);
                  } finally {
                    permits.release();
                  }
                }));
      }
      for (int k = 0; k < missing.size(); k++) {
        long left = deadline - System.nanoTime();
        vectors[missing.get(k)] = futures.get(k).get(Math.max(0, left), TimeUnit.NANOSECONDS);
      }
    } catch (TimeoutException e) {
      return Outcome.unavailable("sentence embeddings took longer than " + timeout);
    } catch (ExecutionException e) {
      return Outcome.unavailable("sentence embeddings failed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.unavailable("interrupted");
    } finally {
      pool.shutdownNow();
    }
    synchronized (cache) {
      for (int i : missing) {
        if (i > 0) {
          cache.put(texts.get(i), vectors[i]);
        }
      }
    }
    double[] cosines = new double[sentences.size()];
    for (int i = 0; i < cosines.length; i++) {
      cosines[i] = cosine(vectors[0], vectors[i + 1]);
    }
    return new Outcome(cosines, null);
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
