package dev.rag.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.gateway.routing.RouteTable;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.junit.jupiter.api.Test;

class PublicApiMergeTest {

  private static final String EMBEDDING_DOCUMENT =
      """
      {"openapi": "3.0.1",
       "info": {"title": "embeddings", "version": "1"},
       "tags": [{"name": "embeddings", "description": "Text embeddings"}],
       "paths": {
         "/v1/embeddings": {"post": {"operationId": "createEmbeddings", "responses": {"200": {
           "description": "OK", "content": {"application/json": {"schema": {
             "$ref": "#/components/schemas/EmbeddingResponse"}}}}}}},
         "/v1/not-routed": {"post": {"operationId": "internalOnly", "responses": {"200": {
           "description": "OK"}}}}},
       "components": {"schemas": {
         "EmbeddingResponse": {"type": "object", "properties": {
           "data": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}}},
         "Item": {"type": "object", "properties": {"embedding": {"type": "string"}}},
         "Problem": {"type": "object", "properties": {"type": {"type": "string"}}}}}}
      """;

  private final PublicApiMerge merge = new PublicApiMerge(RouteTable.platform());

  @Test
  void takesOnlyTheOperationsTheGatewayRoutesToThatService() {
    OpenAPI target = new OpenAPI().components(new Components());

    merge.merge(target, "embedding", EMBEDDING_DOCUMENT);

    assertThat(target.getPaths()).containsOnlyKeys("/v1/embeddings");
    assertThat(target.getPaths().get("/v1/embeddings").getPost().getDescription())
        .contains("`app` or `admin` key");
    assertThat(target.getTags()).extracting("name").containsExactly("embeddings");
  }

  @Test
  void operationsOfAServiceTheyAreNotRoutedToAreLeftOut() {
    OpenAPI target = new OpenAPI().components(new Components());

    merge.merge(target, "retrieval", EMBEDDING_DOCUMENT);

    assertThat(target.getPaths()).isEmpty();
  }

  @Test
  void aSchemaNameThatMeansSomethingElseIsPrefixedWithTheServiceAndItsReferencesFollow() {
    OpenAPI target =
        new OpenAPI()
            .components(
                new Components()
                    .addSchemas(
                        "Item", new ObjectSchema().addProperty("documentId", new StringSchema()))
                    .addSchemas(
                        "Problem", new ObjectSchema().addProperty("type", new StringSchema())));

    merge.merge(target, "embedding", EMBEDDING_DOCUMENT);

    assertThat(target.getComponents().getSchemas())
        .containsKeys("Item", "EmbeddingItem", "EmbeddingResponse", "Problem")
        .doesNotContainKey("EmbeddingProblem");
    assertThat(target.getComponents().getSchemas().get("Item").getProperties())
        .containsOnlyKeys("documentId");
    assertThat(Json.pretty(target.getComponents().getSchemas().get("EmbeddingResponse")))
        .contains("#/components/schemas/EmbeddingItem");
  }

  @Test
  void detachedComponentsAreACopy() {
    Components shared = new Components().addSchemas("A", new ObjectSchema());
    OpenAPI target = new OpenAPI().components(shared);

    PublicApiMerge.detachComponents(target);
    merge.merge(target, "embedding", EMBEDDING_DOCUMENT);

    assertThat(shared.getSchemas()).containsOnlyKeys("A");
    assertThat(target.getComponents().getSchemas()).containsKeys("A", "EmbeddingResponse");
  }
}
