package dev.rag.support.client;

import dev.rag.support.security.ServiceToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * How one platform service calls another: a {@link RestClient} on the JDK's HTTP client with one
 * timeout for connecting and for each read (a dead or stuck service costs a caller at most that),
 * the service token on every request, and the base URL of the callee. Circuit breakers and
 * fallbacks stay with each caller, which alone knows what a failure means to it.
 */
public final class ServiceClients {

  private ServiceClients() {}

  /**
   * A client of the service at {@code baseUrl}.
   *
   * @param builder where to start: Spring's auto-configured builder when the caller has one (it
   *     carries observation and message converters), else {@link RestClient#builder()}
   * @param timeout connect and read timeout, positive
   */
  public static RestClient create(
      RestClient.Builder builder, URI baseUrl, Duration timeout, ServiceToken token) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    if (baseUrl == null || baseUrl.getScheme() == null) {
      throw new IllegalArgumentException("baseUrl must be an absolute URL, was " + baseUrl);
    }
    var factory =
        new JdkClientHttpRequestFactory(HttpClient.newBuilder().connectTimeout(timeout).build());
    factory.setReadTimeout(timeout);
    return token.applyTo(builder).baseUrl(baseUrl.toString()).requestFactory(factory).build();
  }

  /** {@link #create(RestClient.Builder, URI, Duration, ServiceToken)} from a fresh builder. */
  public static RestClient create(URI baseUrl, Duration timeout, ServiceToken token) {
    return create(RestClient.builder(), baseUrl, timeout, token);
  }
}
