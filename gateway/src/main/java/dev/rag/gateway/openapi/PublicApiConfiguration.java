package dev.rag.gateway.openapi;

import dev.rag.gateway.config.GatewayProperties;
import dev.rag.gateway.routing.RouteTable;
import dev.rag.support.security.ServiceToken;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code public} API group ({@code /v3/api-docs/public}): the gateway's own operations plus
 * every service operation it routes, read from the services on each request ({@code
 * springdoc.cache.disabled}), so the document always matches the services behind this gateway.
 */
@Configuration(proxyBeanMethods = false)
class PublicApiConfiguration {

  /** The group's name, and the last segment of its document's path. */
  static final String GROUP = "public";

  @Bean
  GroupedOpenApi publicApi(RouteTable routes, GatewayProperties gateway, ServiceToken token) {
    // Merge order is fixed, so a renamed schema always gets the same name.
    Map<String, URI> services = new LinkedHashMap<>();
    services.put("ingest", gateway.ingestUrl());
    services.put("embedding", gateway.embeddingUrl());
    services.put("retrieval", gateway.retrievalUrl());
    services.put("rerank", gateway.rerankUrl());
    services.put("generation", gateway.generationUrl());
    PublicApiMerge merge = new PublicApiMerge(routes);
    ServiceApiDocuments documents = new ServiceApiDocuments(token);
    return GroupedOpenApi.builder()
        .group(GROUP)
        .displayName("RAG platform (public API)")
        .pathsToMatch("/v1/**")
        .addOpenApiCustomizer(
            openApi -> {
              PublicApiMerge.detachComponents(openApi);
              services.forEach(
                  (service, url) -> merge.merge(openApi, service, documents.read(service, url)));
            })
        .build();
  }
}
