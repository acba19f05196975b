package dev.rag.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.yaml.snakeyaml.Yaml;

/**
 * The route table and the proxy's routes (application.yml) agree: every route the table sends to a
 * service is one the proxy forwards to that same service, so what was authorized is what is
 * forwarded, and where.
 */
class ProxyRoutesTest {

  @Test
  void everyForwardedRouteReachesTheServiceTheTableNames() throws Exception {
    Map<String, ProxyRoute> proxy = proxyRoutes();
    for (Route route : RouteTable.platform().routes()) {
      if (route.upstream().equals(Route.LOCAL)) {
        continue;
      }
      String path = route.template().replaceAll("\\{[^}]+}", "x");
      // The proxy takes the matching route of lowest order, the first listed among equals.
      ProxyRoute taken =
          proxy.values().stream()
              .filter(candidate -> candidate.matches(path))
              .min(
                  java.util.Comparator.comparingInt(ProxyRoute::order)
                      .thenComparingInt(ProxyRoute::position))
              .orElse(null);
      assertThat(taken).as(route.method() + " " + route.template() + " is forwarded").isNotNull();
      assertThat(taken.uri())
          .as(route.method() + " " + route.template() + " taken by " + taken.id())
          .isEqualTo("${rag.gateway." + route.upstream() + "-url}");
      if (path.startsWith("/openapi/")) {
        assertThat(taken.id()).isEqualTo("openapi-" + route.upstream());
      }
    }
  }

  @Test
  void theGatewaysOwnEndpointsAreNeverForwarded() throws Exception {
    Map<String, ProxyRoute> proxy = proxyRoutes();
    for (Route route : RouteTable.platform().routes()) {
      if (!route.upstream().equals(Route.LOCAL)) {
        continue;
      }
      String path = route.template().replaceAll("\\{[^}]+}", "x").replace("**", "index.html");
      proxy.forEach(
          (id, proxied) ->
              assertThat(proxied.matches(path))
                  .as(route.template() + " must not be forwarded by " + id)
                  .isFalse());
    }
  }

  /** One route of the proxy: its patterns, target, order and place in the list. */
  private record ProxyRoute(
      String id, List<PathPattern> patterns, String uri, int order, int position) {
    boolean matches(String path) {
      return patterns.stream().anyMatch(pattern -> pattern.matches(PathContainer.parsePath(path)));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ProxyRoute> proxyRoutes() throws Exception {
    Map<String, Object> yaml;
    try (InputStream in = ProxyRoutesTest.class.getResourceAsStream("/application.yml")) {
      yaml = new Yaml().load(in);
    }
    Object routes = dig(yaml, "spring", "cloud", "gateway", "server", "webmvc", "routes");
    Map<String, ProxyRoute> byId = new LinkedHashMap<>();
    for (Map<String, Object> route : (List<Map<String, Object>>) routes) {
      List<PathPattern> patterns = new ArrayList<>();
      for (Object predicate : (List<Object>) route.get("predicates")) {
        String text = predicate.toString();
        if (text.startsWith("Path=")) {
          for (String pattern : text.substring(5).split(",")) {
            patterns.add(PathPatternParser.defaultInstance.parse(pattern.strip()));
          }
        }
      }
      String id = (String) route.get("id");
      int order = route.get("order") == null ? 0 : ((Number) route.get("order")).intValue();
      byId.put(id, new ProxyRoute(id, patterns, (String) route.get("uri"), order, byId.size()));
    }
    assertThat(byId).isNotEmpty();
    return byId;
  }

  @SuppressWarnings("unchecked")
  private static Object dig(Map<String, Object> map, String... keys) {
    Object current = map;
    for (String key : keys) {
      current = ((Map<String, Object>) current).get(key);
    }
    return current;
  }
}
