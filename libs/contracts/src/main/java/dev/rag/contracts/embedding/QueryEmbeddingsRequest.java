package dev.rag.contracts.embedding;

import java.util.List;

/**
 * A {@code POST /v1/query-embeddings/batch} body (retrieval-service, internal like {@link
 * QueryEmbeddingRequest}): several short texts embedded as queries in one call, the ones not cached
 * in one model run. Extractive answers score their candidate sentences with it.
 *
 * @param queries 1..{@value #MAX_QUERIES} texts, each as {@link QueryEmbeddingRequest#query()}
 */
public record QueryEmbeddingsRequest(List<String> queries) {

  /** The path of the endpoint, for callers and the service alike. */
  public static final String PATH = "/v1/query-embeddings/batch";

  /** Most texts one request may carry. */
  public static final int MAX_QUERIES = 64;
}
