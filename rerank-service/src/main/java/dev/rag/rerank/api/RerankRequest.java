package dev.rag.rerank.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A Cohere-style rerank request. Documents arrive as raw JSON so that a non-string document is
 * reported by its index instead of failing the whole body's parse.
 *
 * @param topN how many results to return (default: all)
 * @param returnDocuments echo each document's text in its result (default false)
 */
public record RerankRequest(
    String query,
    List<JsonNode> documents,
    @JsonProperty("top_n") Integer topN,
    @JsonProperty("return_documents") Boolean returnDocuments) {}
