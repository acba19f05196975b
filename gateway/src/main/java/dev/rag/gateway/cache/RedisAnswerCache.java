package dev.rag.gateway.cache;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Answers in Redis, shared by every gateway instance. An answer is one string value {@code
 * <prefix>answer:<exact>} holding the content type, a newline and the body; a scope is a hash
 * {@code <prefix>scope:<scope>} from exact key to the question's embedding (float32 little-endian,
 * base64). Both expire after {@code ttl}; the scope's expiry is pushed on every insert, and an
 * embedding whose answer expired first is simply a miss. A collection's generation is a counter
 * {@code <prefix>generation:<collection>} shared by every gateway instance (no expiry: it must
 * outlive the entries it ended).
 */
public final class RedisAnswerCache implements AnswerCache {

  private final StringRedisTemplate redis;
  private final String prefix;
  private final Duration ttl;
  private final int maxQuestionsPerScope;

  public RedisAnswerCache(
      StringRedisTemplate redis, String prefix, Duration ttl, int maxQuestionsPerScope) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    if (maxQuestionsPerScope < 1) {
      throw new IllegalArgumentException(
          "maxQuestionsPerScope must be >= 1, was " + maxQuestionsPerScope);
    }
    this.redis = redis;
    this.prefix = prefix;
    this.ttl = ttl;
    this.maxQuestionsPerScope = maxQuestionsPerScope;
  }

  @Override
  public Optional<CachedAnswer> get(String exactKey) {
    String stored = redis.opsForValue().get(prefix + "answer:" + exactKey);
    if (stored == null) {
      return Optional.empty();
    }
    int newline = stored.indexOf('\n');
    if (newline <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        new CachedAnswer(
            stored.substring(0, newline),
            stored.substring(newline + 1).getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void put(AnswerCacheKey key, float[] embedding, CachedAnswer answer) {
    String value = answer.contentType() + "\n" + new String(answer.body(), StandardCharsets.UTF_8);
    redis.opsForValue().set(prefix + "answer:" + key.exact(), value, ttl);
    if (embedding != null) {
      String scope = prefix + "scope:" + key.scope();
      Long size = redis.opsForHash().size(scope);
      if (size == null || size < maxQuestionsPerScope) {
        redis.opsForHash().put(scope, key.exact(), encode(embedding));
        redis.expire(scope, ttl);
      }
    }
  }

  @Override
  public long generation(String collection) {
    String value = redis.opsForValue().get(prefix + "generation:" + collection);
    return value == null ? 0 : Long.parseLong(value);
  }

  @Override
  public void invalidate(String collection) {
    redis.opsForValue().increment(prefix + "generation:" + collection);
  }

  @Override
  public Optional<String> nearest(String scopeKey, float[] embedding, double threshold) {
    Map<Object, Object> questions = redis.opsForHash().entries(prefix + "scope:" + scopeKey);
    String best = null;
    double bestSimilarity = threshold;
    for (Map.Entry<Object, Object> question : questions.entrySet()) {
      double similarity = AnswerCache.cosine(embedding, decode((String) question.getValue()));
      if (similarity >= bestSimilarity) {
        best = (String) question.getKey();
        bestSimilarity = similarity;
      }
    }
    return Optional.ofNullable(best);
  }

  static String encode(float[] vector) {
    ByteBuffer buffer =
        ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(vector);
    return Base64.getEncoder().encodeToString(buffer.array());
  }

  static float[] decode(String encoded) {
    ByteBuffer buffer =
        ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
    float[] vector = new float[buffer.remaining() / Float.BYTES];
    buffer.asFloatBuffer().get(vector);
    return vector;
  }
}
