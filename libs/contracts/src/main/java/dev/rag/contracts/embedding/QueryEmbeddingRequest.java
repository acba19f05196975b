package dev.rag.contracts.embedding;

/**
 * A {@code POST /v1/query-embeddings} body (retrieval-service, internal: service token only, not
 * routed by the gateway). The query is embedded the way {@code POST /v1/retrieve} embeds it (same
 * model, same query instruction, same cache), so a caller that embeds a question first and then
 * retrieves with it pays for one model run.
 *
 * @param query the query text (1..{@code rag.retrieval.max-query-chars} characters; leading and
 *     trailing white space is ignored, as {@code /v1/retrieve} ignores it)
 */
public record QueryEmbeddingRequest(String query) {

  /** The path of the endpoint, for callers and the service alike. */
  public static final String PATH = "/v1/query-embeddings";
}
