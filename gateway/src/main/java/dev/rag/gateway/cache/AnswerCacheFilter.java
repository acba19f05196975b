package dev.rag.gateway.cache;

import dev.rag.gateway.epochs.IndexEpochs;
import dev.rag.gateway.routing.RouteResolver;
import dev.rag.gateway.tenant.ScopedBody;
import dev.rag.gateway.web.RecordingResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves {@code POST /v1/answers} from the {@link AnswerCache} or records the upstream answer into
 * it. Runs after the tenant check, so the key's collections are the ones the caller may use.
 * Nothing is served or stored while the index epochs are still being replayed, or for a request
 * that names no collection (its epoch is unknown), or for the plain-text form ({@code Accept:
 * text/plain}). Only complete answers are stored: a 200 JSON document, or an event stream that
 * reached its {@code done} event. A broken cache store never breaks a request; it only costs the
 * hit.
 */
public final class AnswerCacheFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(AnswerCacheFilter.class);
  private static final Pattern DONE_EVENT = Pattern.compile("(?m)^event: ?done\\s*$");

  private final AnswerCache cache;
  private final QuestionEmbedder embedder;
  private final IndexEpochs epochs;
  private final CacheProperties properties;
  private final Map<CacheOutcome, Counter> counters = new EnumMap<>(CacheOutcome.class);

  public AnswerCacheFilter(
      AnswerCache cache,
      QuestionEmbedder embedder,
      IndexEpochs epochs,
      CacheProperties properties,
      MeterRegistry meters) {
    this.cache = cache;
    this.embedder = embedder;
    this.epochs = epochs;
    this.properties = properties;
    for (CacheOutcome outcome : CacheOutcome.values()) {
      counters.put(
          outcome,
          Counter.builder("rag.gateway.cache.requests")
              .description("answer requests by cache outcome")
              .tag("outcome", outcome.header())
              .register(meters));
    }
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return RouteResolver.match(request)
        .map(
            match ->
                !match.route().template().equals("/v1/answers")
                    || !"POST".equals(request.getMethod()))
        .orElse(true);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<ScopedBody> scoped = ScopedBody.of(request);
    // The plain-text form (rag ask) streams without an end marker, so it is never stored.
    String accept = request.getHeader("Accept");
    boolean plainText = accept != null && accept.contains("text/plain");
    AnswerCacheKey key =
        !plainText && scoped.isPresent() && !scoped.get().collections().isEmpty()
            ? keyOf(scoped.get())
            : null;
    if (key == null || !epochs.caughtUp()) {
      miss(request, response, chain, null, null);
      return;
    }
    Optional<CachedAnswer> exact = safely(() -> cache.get(key.exact()));
    if (exact.isPresent()) {
      replay(response, exact.get(), CacheOutcome.HIT_EXACT);
      return;
    }
    float[] embedding =
        properties.semantic() && key.question() != null
            ? embedder.embed(key.question()).orElse(null)
            : null;
    if (embedding != null) {
      Optional<CachedAnswer> similar =
          safely(
              () ->
                  cache
                      .nearest(key.scope(), embedding, properties.semanticThreshold())
                      .flatMap(cache::get));
      if (similar.isPresent()) {
        replay(response, similar.get(), CacheOutcome.HIT_SEMANTIC);
        return;
      }
    }
    miss(request, response, chain, key, embedding);
  }

  /** Null (no caching for this request) when the cache cannot say the collections' generations. */
  private AnswerCacheKey keyOf(ScopedBody body) {
    try {
      return AnswerCacheKey.of(body, epochs, cache::generation);
    } catch (BypassingAnswerCache.Bypassed e) {
      return null; // Redis is away: RedisOutage has said so once, and counts every bypass
    } catch (RuntimeException e) {
      log.warn("answer cache unavailable ({}); serving from generation-service", e.toString());
      return null;
    }
  }

  private void miss(
      HttpServletRequest request,
      HttpServletResponse response,
      FilterChain chain,
      AnswerCacheKey key,
      float[] embedding)
      throws ServletException, IOException {
    counters.get(CacheOutcome.MISS).increment();
    response.setHeader(CacheOutcome.HEADER, CacheOutcome.MISS.header());
    if (key == null) {
      chain.doFilter(request, response);
      return;
    }
    RecordingResponse recording = new RecordingResponse(response, properties.maxAnswerBytes());
    try {
      chain.doFilter(request, recording);
      byte[] body = recording.recorded();
      String contentType = recording.getContentType();
      if (recording.getStatus() == 200
          && body != null
          && contentType != null
          && complete(contentType, body)) {
        CachedAnswer answer = new CachedAnswer(contentType, body);
        safely(
            () -> {
              cache.put(key, embedding, answer);
              return Optional.empty();
            });
      }
    } finally {
      recording.release();
    }
  }

  private static boolean complete(String contentType, byte[] body) {
    if (contentType.startsWith("text/event-stream")) {
      return DONE_EVENT.matcher(new String(body, StandardCharsets.UTF_8)).find();
    }
    return contentType.startsWith("application/json") && body.length > 0;
  }

  private void replay(HttpServletResponse response, CachedAnswer answer, CacheOutcome outcome)
      throws IOException {
    counters.get(outcome).increment();
    byte[] body = answer.body();
    response.setStatus(200);
    response.setHeader(CacheOutcome.HEADER, outcome.header());
    response.setContentType(answer.contentType());
    if (answer.isStream()) {
      response.setHeader("Cache-Control", "no-cache");
    } else {
      response.setContentLength(body.length);
    }
    response.getOutputStream().write(body);
    response.flushBuffer();
  }

  private <T> Optional<T> safely(java.util.function.Supplier<Optional<T>> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      log.warn("answer cache unavailable ({}); serving from generation-service", e.toString());
      return Optional.empty();
    }
  }
}
