package dev.rag.gateway.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Answers in this process (the embedded default): least-recently-used eviction beyond {@code
 * maxEntries}, expiry after {@code ttl}. Scopes hold the questions' embeddings for the semantic
 * lookup and are evicted the same way. All access is serialised on this object; a lookup is a map
 * access plus, for semantic lookups, one dot product per question in scope.
 */
public final class LocalAnswerCache implements AnswerCache {

  private record Stored(CachedAnswer answer, Instant expires) {}

  private final Duration ttl;
  private final int maxQuestionsPerScope;
  private final Clock clock;
  private final LinkedHashMap<String, Stored> answers;
  private final LinkedHashMap<String, LinkedHashMap<String, float[]>> scopes;
  private final Map<String, Long> generations = new java.util.concurrent.ConcurrentHashMap<>();

  public LocalAnswerCache(int maxEntries, int maxQuestionsPerScope, Duration ttl, Clock clock) {
    if (maxEntries < 1 || maxQuestionsPerScope < 1) {
      throw new IllegalArgumentException(
          "maxEntries and maxQuestionsPerScope must be >= 1, were "
              + maxEntries
              + " and "
              + maxQuestionsPerScope);
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    this.ttl = ttl;
    this.maxQuestionsPerScope = maxQuestionsPerScope;
    this.clock = clock;
    this.answers =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Stored> eldest) {
            return size() > maxEntries;
          }
        };
    this.scopes =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(
              Map.Entry<String, LinkedHashMap<String, float[]>> eldest) {
            return size() > maxEntries;
          }
        };
  }

  @Override
  public synchronized Optional<CachedAnswer> get(String exactKey) {
    Stored entry = answers.get(exactKey);
    if (entry == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(entry.expires())) {
      answers.remove(exactKey);
      return Optional.empty();
    }
    return Optional.of(entry.answer());
  }

  @Override
  public synchronized void put(AnswerCacheKey key, float[] embedding, CachedAnswer answer) {
    answers.put(key.exact(), new Stored(answer, clock.instant().plus(ttl)));
    if (embedding != null) {
      LinkedHashMap<String, float[]> questions =
          scopes.computeIfAbsent(key.scope(), s -> new LinkedHashMap<>());
      if (questions.size() < maxQuestionsPerScope || questions.containsKey(key.exact())) {
        questions.put(key.exact(), embedding.clone());
      }
    }
  }

  @Override
  public long generation(String collection) {
    return generations.getOrDefault(collection, 0L);
  }

  @Override
  public void invalidate(String collection) {
    generations.merge(collection, 1L, Long::sum);
  }

  @Override
  public synchronized Optional<String> nearest(
      String scopeKey, float[] embedding, double threshold) {
    LinkedHashMap<String, float[]> questions = scopes.get(scopeKey);
    if (questions == null) {
      return Optional.empty();
    }
    String best = null;
    double bestSimilarity = threshold;
    for (Map.Entry<String, float[]> question : questions.entrySet()) {
      double similarity = AnswerCache.cosine(embedding, question.getValue());
      if (similarity >= bestSimilarity) {
        best = question.getKey();
        bestSimilarity = similarity;
      }
    }
    return Optional.ofNullable(best);
  }
}
