package dev.rag.support.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;

/**
 * Every service's OpenAPI document as clients see it: through the gateway ({@code servers}), with
 * an API key sent as a bearer token ({@code security}), and the platform's problem responses on
 * every operation. Controllers add what is particular to them with annotations: an explicit {@code
 * operationId}, their success status and body, and the problem statuses only they answer.
 */
@AutoConfiguration
@ConditionalOnClass(OpenAPI.class)
@EnableConfigurationProperties(ApiDocumentProperties.class)
public class ApiDocumentAutoConfiguration {

  /** The security scheme's name in {@code components.securitySchemes}. */
  public static final String API_KEY = "apiKey";

  static {
    // Request fields typed as JsonNode (checked by hand for precise problems) accept any JSON
    // value; without this the document would describe JsonNode's Java getters.
    SpringDocUtils.getConfig()
        .replaceWithSchema(
            JsonNode.class, new Schema<>().description("Any JSON value (see the operation)"));
  }

  @Bean
  @ConditionalOnMissingBean
  OpenAPI platformOpenApi(
      ApiDocumentProperties properties, @Value("${spring.application.name:service}") String name) {
    return new OpenAPI()
        .info(
            new Info()
                .title(properties.title() != null ? properties.title() : name + " API")
                .description(properties.description())
                .version(properties.version()))
        .servers(
            List.of(
                new Server()
                    .url(properties.serverUrl())
                    .description("The gateway: every client call goes through it")))
        .components(
            ProblemResponses.addTo(
                new Components()
                    .addSecuritySchemes(
                        API_KEY,
                        new SecurityScheme()
                            .type(SecurityScheme.Type.HTTP)
                            .scheme("bearer")
                            .description(
                                "An API key (`rag_…`, created with POST /v1/admin/keys) or, when"
                                    + " the gateway accepts them, a JWT; sent as `Authorization:"
                                    + " Bearer <key>`"))))
        .addSecurityItem(new SecurityRequirement().addList(API_KEY));
  }

  @Bean
  GlobalOpenApiCustomizer sharedProblemResponses() {
    return openApi -> {
      if (openApi.getPaths() != null) {
        openApi
            .getPaths()
            .values()
            .forEach(path -> path.readOperations().forEach(ProblemResponses::addShared));
      }
    };
  }
}
