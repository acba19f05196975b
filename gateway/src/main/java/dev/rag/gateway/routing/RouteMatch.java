package dev.rag.gateway.routing;

import java.util.Map;

/** A request's route and the values of its path variables. */
public record RouteMatch(Route route, Map<String, String> variables) {

  /** Request attribute holding the {@link RouteMatch} the {@link RouteResolver} found. */
  public static final String ATTRIBUTE = RouteMatch.class.getName();

  public RouteMatch {
    variables = Map.copyOf(variables);
  }

  /** The collection named in the path, or null. */
  public String collection() {
    return variables.get("collection");
  }
}
