package dev.rag.rerank.api;

import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.rerank.RerankRequest;
import dev.rag.contracts.rerank.RerankResponse;
import dev.rag.rerank.config.RerankProperties;
import dev.rag.rerank.scoring.Ranking;
import dev.rag.rerank.scoring.Reranker;
import dev.rag.support.openapi.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Validates a rerank request and delegates to the {@link Reranker}. */
@Tag(name = "rerank", description = "Cross-encoder reranking in Cohere's shape")
@RestController
class RerankController {

  private final Reranker reranker;
  private final RerankProperties properties;

  RerankController(Reranker reranker, RerankProperties properties) {
    this.reranker = reranker;
    this.properties = properties;
  }

  @Operation(
      operationId = "rerank",
      summary = "Score documents against a query, best first",
      description =
          "Without an installed cross-encoder the input order is returned with `reranked: false`.")
  @ApiResponse(responseCode = "200", description = "The documents' indexes and scores, best first")
  @ApiResponse(responseCode = "413", ref = ProblemResponses.CONTENT_TOO_LARGE)
  @PostMapping(RerankRequest.PATH)
  RerankResponse rerank(@RequestBody RerankRequest request) {
    if (request.query() == null || request.query().isBlank()) {
      throw ApiException.invalid("query", "must not be empty");
    }
    List<String> documents = texts(request.documents());
    int topN = request.topN() == null ? documents.size() : request.topN();
    if (topN < 1 || topN > documents.size()) {
      throw ApiException.invalid("top_n", "must be in [1, " + documents.size() + "], was " + topN);
    }
    Ranking ranking = reranker.rank(request.query(), documents);
    boolean echo = Boolean.TRUE.equals(request.returnDocuments());
    List<RerankResponse.Result> results = new ArrayList<>(topN);
    for (int rank = 0; rank < topN; rank++) {
      int index = ranking.order().get(rank);
      results.add(
          new RerankResponse.Result(
              index,
              ranking.scores().get(rank),
              echo ? new RerankResponse.Document(documents.get(index)) : null));
    }
    return new RerankResponse(
        UUID.randomUUID().toString(), ranking.model(), ranking.reranked(), results);
  }

  private List<String> texts(List<JsonNode> documents) {
    if (documents == null || documents.isEmpty()) {
      throw ApiException.invalid("documents", "must contain at least one document");
    }
    if (documents.size() > properties.maxDocuments()) {
      throw ApiException.invalid(
          "documents",
          "at most "
              + properties.maxDocuments()
              + " documents per request (rag.rerank.max-documents), got "
              + documents.size());
    }
    List<String> texts = new ArrayList<>(documents.size());
    for (int i = 0; i < documents.size(); i++) {
      JsonNode document = documents.get(i);
      if (document == null || !document.isString() || document.asString().isBlank()) {
        throw ApiException.invalid("documents[" + i + "]", "must be a non-empty string");
      }
      texts.add(document.asString());
    }
    return texts;
  }
}
