package dev.rag.gateway.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rag.gateway.routing.Access;
import dev.rag.gateway.routing.Route;
import dev.rag.gateway.routing.RouteTable;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Merges one service's OpenAPI document into the public one. Only operations the {@link RouteTable}
 * forwards to that service are taken (an endpoint the gateway does not route is not part of the
 * public API), each told which key it needs. Schemas keep their names unless the name is taken by a
 * different schema, in which case the service's name prefixes it ({@code Item} of embedding-service
 * becomes {@code EmbeddingItem}) and every reference to it follows; identical schemas (the shared
 * {@code Problem}) are kept once.
 */
final class PublicApiMerge {

  private static final ObjectMapper JSON = Json.mapper();
  private static final String SCHEMA_REF = "#/components/schemas/";

  private final RouteTable routes;

  PublicApiMerge(RouteTable routes) {
    this.routes = routes;
  }

  /**
   * Gives target its own copy of its components: springdoc may share one components object between
   * documents, and the services' schemas belong in the public document only.
   */
  static void detachComponents(OpenAPI target) {
    target.setComponents(
        target.getComponents() == null
            ? new Components()
            : JSON.convertValue(target.getComponents(), Components.class));
  }

  /** Adds what {@code service} ({@code ingest}, {@code generation}, ...) contributes to target. */
  void merge(OpenAPI target, String service, String document) {
    ObjectNode doc;
    try {
      doc = (ObjectNode) JSON.readTree(document);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException(service + "'s OpenAPI document is not a JSON object", e);
    }
    Components components = target.getComponents();
    if (components == null) {
      components = new Components();
      target.setComponents(components);
    }
    renameConflicts(doc, service, components);
    OpenAPI source;
    try {
      source = JSON.treeToValue(doc, OpenAPI.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(service + "'s OpenAPI document cannot be read", e);
    }
    addComponents(components, source.getComponents());
    addPaths(target, service, source.getPaths());
    addTags(target, source.getTags());
  }

  /** Gives each schema whose name means something else in target a service-prefixed name. */
  private static void renameConflicts(ObjectNode doc, String service, Components target) {
    JsonNode schemas = doc.path("components").path("schemas");
    if (!(schemas instanceof ObjectNode sourceSchemas) || target.getSchemas() == null) {
      return;
    }
    Map<String, String> renamed = new HashMap<>();
    for (Map.Entry<String, JsonNode> schema : sourceSchemas.properties()) {
      var existing = target.getSchemas().get(schema.getKey());
      if (existing != null && !JSON.valueToTree(existing).equals(schema.getValue())) {
        renamed.put(schema.getKey(), prefix(service) + schema.getKey());
      }
    }
    if (renamed.isEmpty()) {
      return;
    }
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    sourceSchemas.properties().forEach(e -> copy.put(e.getKey(), e.getValue()));
    sourceSchemas.removeAll();
    copy.forEach((name, schema) -> sourceSchemas.set(renamed.getOrDefault(name, name), schema));
    rewriteReferences(doc, renamed);
  }

  private static void rewriteReferences(JsonNode node, Map<String, String> renamed) {
    if (node instanceof ObjectNode object) {
      JsonNode ref = object.get("$ref");
      if (ref != null && ref.isTextual() && ref.asText().startsWith(SCHEMA_REF)) {
        String name = ref.asText().substring(SCHEMA_REF.length());
        if (renamed.containsKey(name)) {
          object.set("$ref", TextNode.valueOf(SCHEMA_REF + renamed.get(name)));
        }
      }
    }
    for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
      rewriteReferences(children.next(), renamed);
    }
  }

  private static void addComponents(Components target, Components source) {
    if (source == null) {
      return;
    }
    if (source.getSchemas() != null) {
      source.getSchemas().forEach((name, schema) -> putIfAbsent(target, name, schema));
    }
    if (source.getResponses() != null) {
      source
          .getResponses()
          .forEach(
              (name, response) -> {
                if (target.getResponses() == null || !target.getResponses().containsKey(name)) {
                  target.addResponses(name, response);
                }
              });
    }
    if (source.getSecuritySchemes() != null) {
      source
          .getSecuritySchemes()
          .forEach(
              (name, scheme) -> {
                if (target.getSecuritySchemes() == null
                    || !target.getSecuritySchemes().containsKey(name)) {
                  target.addSecuritySchemes(name, scheme);
                }
              });
    }
  }

  private static void putIfAbsent(
      Components target, String name, io.swagger.v3.oas.models.media.Schema<?> schema) {
    if (target.getSchemas() == null || !target.getSchemas().containsKey(name)) {
      target.addSchemas(name, schema);
    }
  }

  private void addPaths(OpenAPI target, String service, Paths source) {
    if (source == null) {
      return;
    }
    if (target.getPaths() == null) {
      target.setPaths(new Paths());
    }
    source.forEach(
        (path, item) ->
            item.readOperationsMap()
                .forEach(
                    (method, operation) ->
                        route(method, path, service)
                            .ifPresent(
                                route -> {
                                  PathItem merged =
                                      target.getPaths().computeIfAbsent(path, p -> new PathItem());
                                  if (merged.getParameters() == null) {
                                    merged.setParameters(item.getParameters());
                                  }
                                  merged.operation(method, describeAccess(operation, route));
                                })));
  }

  private Optional<Route> route(PathItem.HttpMethod method, String path, String service) {
    return routes.routes().stream()
        .filter(route -> route.method().equals(method.name()))
        .filter(route -> route.template().equals(path))
        .filter(route -> route.upstream().equals(service))
        .findFirst();
  }

  private static Operation describeAccess(Operation operation, Route route) {
    String needs =
        route.access() == Access.ADMIN
            ? "Needs an `admin` key whose collections include the ones this call names."
            : "Needs an `app` or `admin` key whose collections include the ones this call names.";
    String description = operation.getDescription();
    operation.setDescription(
        description == null || description.isBlank() ? needs : description + "\n\n" + needs);
    return operation;
  }

  private static void addTags(OpenAPI target, List<Tag> tags) {
    if (tags == null) {
      return;
    }
    List<Tag> merged =
        target.getTags() == null ? new ArrayList<>() : new ArrayList<>(target.getTags());
    for (Tag tag : tags) {
      if (merged.stream().noneMatch(t -> t.getName().equals(tag.getName()))) {
        merged.add(tag);
      }
    }
    target.setTags(merged);
  }

  private static String prefix(String service) {
    return service.substring(0, 1).toUpperCase(Locale.ROOT) + service.substring(1);
  }
}
