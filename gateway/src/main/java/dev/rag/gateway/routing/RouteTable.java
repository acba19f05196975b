package dev.rag.gateway.routing;

import static dev.rag.gateway.routing.Access.ADMIN;
import static dev.rag.gateway.routing.Access.APP;
import static dev.rag.gateway.routing.Access.PUBLIC;
import static dev.rag.gateway.routing.BodyScope.ANSWER;
import static dev.rag.gateway.routing.BodyScope.NEW_COLLECTION;
import static dev.rag.gateway.routing.BodyScope.NONE;
import static dev.rag.gateway.routing.BodyScope.RETRIEVAL;
import static dev.rag.gateway.routing.BodyScope.UPLOAD;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every operation the gateway serves, and nothing else: authorization is deny-by-default, so a path
 * missing here is refused (401 without a key, 404 with one) and never forwarded, and an endpoint
 * added to a service stays unreachable until a line here names who may call it.
 */
public final class RouteTable {

  /**
   * How a method and path resolved: to a route, to a path that exists for other methods, or to
   * nothing.
   */
  public sealed interface Resolution {
    record Found(RouteMatch match) implements Resolution {}

    record WrongMethod(Set<String> allowed) implements Resolution {}

    record Unknown() implements Resolution {}
  }

  private final List<Route> routes;

  public RouteTable(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  /** The platform's public API (DESIGN.md) and the gateway's operational endpoints. */
  public static RouteTable platform() {
    return new RouteTable(
        List.of(
            new Route("POST", "/v1/answers", APP, "generation", ANSWER),
            new Route("POST", "/v1/chat/completions", APP, "generation", ANSWER),
            // OpenAI client libraries list or look up a model before they ask.
            new Route("GET", "/v1/models", APP, "generation", NONE),
            new Route("GET", "/v1/models/{id}", APP, "generation", NONE),
            new Route("POST", "/v1/retrieve", APP, "retrieval", RETRIEVAL),
            new Route("POST", "/v1/embeddings", APP, "embedding", NONE),
            new Route("POST", "/v1/rerank", APP, "rerank", NONE),
            // ingest-service narrows lists and jobs to the caller's collections (caller headers).
            new Route("GET", "/v1/collections", ADMIN, "ingest", NONE),
            new Route("POST", "/v1/collections", ADMIN, "ingest", NEW_COLLECTION),
            new Route("GET", "/v1/collections/{collection}", APP, "ingest", NONE),
            // Deletes documents, chunks, both indexes and (CollectionDeletionFilter) cached
            // answers.
            new Route("DELETE", "/v1/collections/{collection}", ADMIN, "ingest", NONE),
            new Route("GET", "/v1/collections/{collection}/jobs", ADMIN, "ingest", NONE),
            new Route("GET", "/v1/collections/{collection}/documents", APP, "ingest", NONE),
            new Route("POST", "/v1/collections/{collection}/documents", ADMIN, "ingest", UPLOAD),
            new Route("GET", "/v1/collections/{collection}/documents/{id}", APP, "ingest", NONE),
            new Route(
                "DELETE", "/v1/collections/{collection}/documents/{id}", ADMIN, "ingest", NONE),
            new Route("GET", "/v1/ingest-jobs/{id}", ADMIN, "ingest", NONE),
            // The chunks as indexed live in retrieval-service (ingest keeps no chunk text).
            new Route(
                "GET",
                "/v1/collections/{collection}/documents/{id}/chunks",
                APP,
                "retrieval",
                NONE),
            new Route("GET", "/v1/me", APP, Route.LOCAL, NONE),
            new Route("GET", "/v1/admin/status", ADMIN, Route.LOCAL, NONE),
            new Route("GET", "/v1/admin/keys", ADMIN, Route.LOCAL, NONE),
            new Route("POST", "/v1/admin/keys", ADMIN, Route.LOCAL, NONE),
            new Route("DELETE", "/v1/admin/keys/{id}", ADMIN, Route.LOCAL, NONE),
            new Route("GET", "/actuator/health", PUBLIC, Route.LOCAL, NONE),
            new Route("GET", "/actuator/health/liveness", PUBLIC, Route.LOCAL, NONE),
            new Route("GET", "/actuator/health/readiness", PUBLIC, Route.LOCAL, NONE),
            new Route("GET", "/actuator/prometheus", PUBLIC, Route.LOCAL, NONE),
            new Route("GET", "/actuator/info", PUBLIC, Route.LOCAL, NONE),
            new Route("GET", "/actuator/metrics", ADMIN, Route.LOCAL, NONE),
            new Route("GET", "/actuator/metrics/{name}", ADMIN, Route.LOCAL, NONE),
            // The web console: static files only; every data call it makes is a /v1 route above,
            // with the user's key.
            new Route("GET", "/", PUBLIC, Route.LOCAL, NONE),
            new Route("GET", "/console/**", PUBLIC, Route.LOCAL, NONE),
            new Route("GET", "/v3/api-docs", PUBLIC, Route.LOCAL, NONE),
            new Route("GET", "/v3/api-docs/swagger-config", PUBLIC, Route.LOCAL, NONE),
            new Route("GET", "/v3/api-docs/public", PUBLIC, Route.LOCAL, NONE),
            new Route("GET", "/swagger-ui.html", PUBLIC, Route.LOCAL, NONE),
            new Route("GET", "/swagger-ui/**", PUBLIC, Route.LOCAL, NONE),
            new Route("GET", "/openapi/ingest", PUBLIC, "ingest", NONE),
            new Route("GET", "/openapi/embedding", PUBLIC, "embedding", NONE),
            new Route("GET", "/openapi/retrieval", PUBLIC, "retrieval", NONE),
            new Route("GET", "/openapi/rerank", PUBLIC, "rerank", NONE),
            new Route("GET", "/openapi/generation", PUBLIC, "generation", NONE)));
  }

  public List<Route> routes() {
    return routes;
  }

  public Resolution resolve(String method, CanonicalPath path) {
    Set<String> allowed = new TreeSet<>();
    for (Route route : routes) {
      Optional<java.util.Map<String, String>> variables = route.match(path.segments());
      if (variables.isEmpty()) {
        continue;
      }
      if (route.accepts(method)) {
        return new Resolution.Found(new RouteMatch(route, variables.get()));
      }
      allowed.add(route.method());
    }
    return allowed.isEmpty() ? new Resolution.Unknown() : new Resolution.WrongMethod(allowed);
  }
}
