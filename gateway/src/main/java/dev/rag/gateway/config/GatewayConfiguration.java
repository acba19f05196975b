package dev.rag.gateway.config;

import dev.rag.gateway.auth.ApiKeyStore;
import dev.rag.gateway.auth.AuthenticationFilter;
import dev.rag.gateway.auth.BootstrapAdminKey;
import dev.rag.gateway.auth.FileApiKeyStore;
import dev.rag.gateway.auth.JdbcApiKeyStore;
import dev.rag.gateway.auth.JwtCallers;
import dev.rag.gateway.auth.JwtProperties;
import dev.rag.gateway.auth.KeyProperties;
import dev.rag.gateway.auth.KeyVerifier;
import dev.rag.gateway.cache.AnswerCache;
import dev.rag.gateway.cache.AnswerCacheFilter;
import dev.rag.gateway.cache.BypassingAnswerCache;
import dev.rag.gateway.cache.CacheProperties;
import dev.rag.gateway.cache.CollectionDeletionFilter;
import dev.rag.gateway.cache.LocalAnswerCache;
import dev.rag.gateway.cache.QuestionEmbedder;
import dev.rag.gateway.cache.RedisAnswerCache;
import dev.rag.gateway.console.ConsoleHeaders;
import dev.rag.gateway.epochs.IndexEpochProperties;
import dev.rag.gateway.epochs.IndexEpochs;
import dev.rag.gateway.epochs.IndexEventsReader;
import dev.rag.gateway.ratelimit.FallbackTokenBucket;
import dev.rag.gateway.ratelimit.LocalTokenBucket;
import dev.rag.gateway.ratelimit.RateLimitFilter;
import dev.rag.gateway.ratelimit.RateLimitProperties;
import dev.rag.gateway.ratelimit.RedisTokenBucket;
import dev.rag.gateway.ratelimit.TokenBucket;
import dev.rag.gateway.redis.RedisOutage;
import dev.rag.gateway.routing.Access;
import dev.rag.gateway.routing.InFlightLimit;
import dev.rag.gateway.routing.ProxyStartupGate;
import dev.rag.gateway.routing.Route;
import dev.rag.gateway.routing.RouteResolver;
import dev.rag.gateway.routing.RouteTable;
import dev.rag.gateway.routing.UpstreamGuard;
import dev.rag.gateway.tenant.TenantScopeFilter;
import dev.rag.gateway.web.FilterOrder;
import dev.rag.gateway.web.RequestIdFilter;
import dev.rag.support.security.ServiceToken;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.propagation.Propagator;
import jakarta.servlet.Filter;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

/**
 * Wires the gateway's pieces for the chosen stores: production (PostgreSQL keys, Redis limits and
 * cache) or the embedded default (key file, in-process limits and cache), and registers the request
 * filters in {@link FilterOrder}.
 */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  ApiKeyStore apiKeyStore(KeyProperties keys, ObjectProvider<JdbcClient> jdbc) {
    return switch (keys.store()) {
      case FILE -> new FileApiKeyStore(keys.file());
      case JDBC -> new JdbcApiKeyStore(jdbc.getObject());
    };
  }

  /** Created before the web server starts, so the first request can already use the key. */
  @Bean
  BootstrapAdminKey bootstrapAdminKey(ApiKeyStore store, KeyProperties keys, Clock clock) {
    BootstrapAdminKey bootstrap = new BootstrapAdminKey(store, keys.bootstrapFile(), clock);
    bootstrap.ensure();
    return bootstrap;
  }

  @Bean
  KeyVerifier keyVerifier(ApiKeyStore store, KeyProperties keys, Clock clock) {
    return new KeyVerifier(store, keys.verifiedTtl(), clock);
  }

  /** Which way Redis-backed features fail while Redis is away, and the metric that says so. */
  @Bean
  RedisOutage redisOutage(GatewayProperties gateway, MeterRegistry meters) {
    return new RedisOutage(gateway.redisRetryInterval(), System::nanoTime, meters);
  }

  @Bean
  TokenBucket tokenBucket(
      RateLimitProperties limits,
      GatewayProperties gateway,
      ObjectProvider<StringRedisTemplate> redis,
      RedisOutage outage) {
    TokenBucket local =
        new LocalTokenBucket(limits.capacity(), limits.refillPerSecond(), System::nanoTime);
    return switch (limits.store()) {
      case MEMORY -> local;
      case REDIS ->
          new FallbackTokenBucket(
              new RedisTokenBucket(
                  redis.getObject(),
                  gateway.redisKeyPrefix() + "bucket:",
                  limits.capacity(),
                  limits.refillPerSecond()),
              local,
              outage);
    };
  }

  @Bean
  IndexEpochs indexEpochs() {
    return new IndexEpochs();
  }

  @Bean
  IndexEventsReader indexEventsReader(IndexEpochProperties properties, IndexEpochs epochs) {
    return new IndexEventsReader(properties, epochs);
  }

  @Bean
  AnswerCache answerCache(
      CacheProperties cache,
      GatewayProperties gateway,
      ObjectProvider<StringRedisTemplate> redis,
      Clock clock,
      RedisOutage outage) {
    return switch (cache.store()) {
      case MEMORY ->
          new LocalAnswerCache(
              cache.maxEntries(), cache.maxQuestionsPerScope(), cache.ttl(), clock);
      case REDIS ->
          new BypassingAnswerCache(
              new RedisAnswerCache(
                  redis.getObject(),
                  gateway.redisKeyPrefix() + "cache:",
                  cache.ttl(),
                  cache.maxQuestionsPerScope()),
              outage);
    };
  }

  /** Questions are embedded by retrieval-service, which embeds the answer's retrieval query too. */
  @Bean
  QuestionEmbedder questionEmbedder(
      GatewayProperties gateway,
      CacheProperties cache,
      ServiceToken token,
      ObservationRegistry observations) {
    return new QuestionEmbedder(
        RestClient.builder().observationRegistry(observations),
        gateway.retrievalUrl(),
        cache.embeddingTimeout(),
        token);
  }

  @Bean
  FilterRegistrationBean<RequestIdFilter> requestIdFilter(Propagator propagator) {
    return registration(new RequestIdFilter(propagator.fields()), FilterOrder.REQUEST_ID);
  }

  @Bean
  RouteTable routeTable() {
    return RouteTable.platform();
  }

  @Bean
  FilterRegistrationBean<ConsoleHeaders> consoleHeaders() {
    return registration(new ConsoleHeaders(), FilterOrder.CONSOLE_HEADERS);
  }

  @Bean
  FilterRegistrationBean<RouteResolver> routeResolver(RouteTable routes, ServiceToken token) {
    return registration(new RouteResolver(routes, token), FilterOrder.ROUTE);
  }

  @Bean
  FilterRegistrationBean<AuthenticationFilter> authenticationFilter(
      KeyVerifier verifier, JwtProperties jwt) {
    JwtCallers tokens = jwt.enabled() ? new JwtCallers(jwt) : null;
    return registration(new AuthenticationFilter(verifier, tokens), FilterOrder.AUTHENTICATION);
  }

  @Bean
  FilterRegistrationBean<RateLimitFilter> rateLimitFilter(
      TokenBucket bucket, RateLimitProperties limits, MeterRegistry meters) {
    FilterRegistrationBean<RateLimitFilter> registration =
        registration(new RateLimitFilter(bucket, meters), FilterOrder.RATE_LIMIT);
    registration.setEnabled(limits.enabled());
    return registration;
  }

  @Bean
  FilterRegistrationBean<TenantScopeFilter> tenantScopeFilter(GatewayProperties gateway) {
    return registration(
        new TenantScopeFilter(gateway.maxJsonBody().toBytes()), FilterOrder.TENANT_SCOPE);
  }

  @Bean
  FilterRegistrationBean<AnswerCacheFilter> answerCacheFilter(
      AnswerCache cache,
      QuestionEmbedder embedder,
      IndexEpochs epochs,
      CacheProperties properties,
      MeterRegistry meters) {
    FilterRegistrationBean<AnswerCacheFilter> registration =
        registration(
            new AnswerCacheFilter(cache, embedder, epochs, properties, meters),
            FilterOrder.ANSWER_CACHE);
    registration.setEnabled(properties.enabled());
    return registration;
  }

  @Bean
  FilterRegistrationBean<CollectionDeletionFilter> collectionDeletionFilter(AnswerCache cache) {
    return registration(new CollectionDeletionFilter(cache), FilterOrder.COLLECTION_DELETION);
  }

  /** A bean, so it hears ApplicationReadyEvent; registered as a filter below. */
  @Bean
  ProxyStartupGate proxyStartupGate() {
    return new ProxyStartupGate();
  }

  @Bean
  FilterRegistrationBean<ProxyStartupGate> proxyStartupGateRegistration(ProxyStartupGate gate) {
    return registration(gate, FilterOrder.STARTUP_GATE);
  }

  @Bean
  FilterRegistrationBean<InFlightLimit> inFlightLimit(
      GatewayProperties gateway, RouteTable routes, MeterRegistry meters) {
    return registration(
        new InFlightLimit(gateway.maxInFlight(), upstreams(routes), meters),
        FilterOrder.IN_FLIGHT_LIMIT);
  }

  private static Set<String> upstreams(RouteTable routes) {
    Set<String> upstreams = new TreeSet<>();
    routes.routes().stream()
        .filter(route -> route.access() != Access.PUBLIC)
        .map(Route::upstream)
        .filter(upstream -> !upstream.equals(Route.LOCAL))
        .forEach(upstreams::add);
    return upstreams;
  }

  /**
   * Upstream names match {@code resilience4j.circuitbreaker.instances.*} and the route ids in
   * application.yml.
   */
  @Bean
  FilterRegistrationBean<UpstreamGuard> upstreamGuard(
      CircuitBreakerRegistry registry, RouteTable routes) {
    return registration(new UpstreamGuard(registry, upstreams(routes)), FilterOrder.UPSTREAM_GUARD);
  }

  private static <F extends Filter> FilterRegistrationBean<F> registration(F filter, int order) {
    FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
    registration.setOrder(order);
    registration.addUrlPatterns("/*");
    return registration;
  }
}
