package dev.rag.contracts.rerank;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A Cohere-style {@code POST /v1/rerank} body (rerank-service). Documents stay raw JSON so that the
 * service reports a non-string document by its index instead of failing the whole body's parse.
 *
 * @param query what the documents are ranked for
 * @param documents the texts to rank
 * @param topN how many results to return (default: all)
 * @param returnDocuments echo each document's text in its result (default false)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RerankRequest(
    String query,
    List<JsonNode> documents,
    @JsonProperty("top_n") Integer topN,
    @JsonProperty("return_documents") Boolean returnDocuments) {

  /** The path of the endpoint. */
  public static final String PATH = "/v1/rerank";

  /** Ranks {@code documents} for {@code query}, keeping the best {@code topN}, without echo. */
  public static RerankRequest of(String query, List<String> documents, int topN) {
    List<JsonNode> texts =
        documents.stream().<JsonNode>map(JsonNodeFactory.instance::stringNode).toList();
    return new RerankRequest(query, texts, topN, null);
  }
}
