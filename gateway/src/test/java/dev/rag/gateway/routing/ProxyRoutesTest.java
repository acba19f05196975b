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
    Map<String, List<PathPattern>> proxy = proxyRoutes();
    for (Route route : RouteTable.platform().routes()) {
      if (route.upstream().equals(Route.LOCAL)) {
        continue;
      }
      String path = route.template().replaceAll("\\{[^}]+}", "x");
      List<String> forwardedBy = new ArrayList<>();
      proxy.forEach(
          (id, patterns) -> {
            if (patterns.stream()
                .anyMatch(pattern -> pattern.matches(PathContainer.parsePath(path)))) {
              forwardedBy.add(id);
            }
          });
      String expected =
          path.startsWith("/openapi/") ? "openapi-" + route.upstream() : route.upstream();
      assertThat(forwardedBy).as(route.method() + " " + route.template()).containsExactly(expected);
    }
  }

  @Test
  void theGatewaysOwnEndpointsAreNeverForwarded() throws Exception {
    Map<String, List<PathPattern>> proxy = proxyRoutes();
    for (Route route : RouteTable.platform().routes()) {
      if (!route.upstream().equals(Route.LOCAL)) {
        continue;
      }
      String path = route.template().replaceAll("\\{[^}]+}", "x").replace("**", "index.html");
      proxy.forEach(
          (id, patterns) ->
              assertThat(patterns)
                  .as(route.template() + " must not be forwarded by " + id)
                  .noneMatch(pattern -> pattern.matches(PathContainer.parsePath(path))));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, List<PathPattern>> proxyRoutes() throws Exception {
    Map<String, Object> yaml;
    try (InputStream in = ProxyRoutesTest.class.getResourceAsStream("/application.yml")) {
      yaml = new Yaml().load(in);
    }
    Object routes = dig(yaml, "spring", "cloud", "gateway", "server", "webmvc", "routes");
    Map<String, List<PathPattern>> byId = new LinkedHashMap<>();
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
      byId.put((String) route.get("id"), patterns);
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
