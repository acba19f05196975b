package dev.rag.retrieval.api;

import dev.rag.contracts.retrieval.RetrieveRequest;
import dev.rag.contracts.retrieval.RetrieveResponse;
import dev.rag.retrieval.config.RetrievalProperties;
import dev.rag.retrieval.search.HybridRetriever;
import dev.rag.support.openapi.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/retrieve}: checks the request and hands it to the {@link HybridRetriever}. */
@Tag(name = "retrieval", description = "Hybrid retrieval over collections")
@RestController
class RetrieveController {

  private final RetrieveRequestCheck check;
  private final HybridRetriever retriever;

  RetrieveController(RetrievalProperties properties, HybridRetriever retriever) {
    this.check = new RetrieveRequestCheck(properties);
    this.retriever = retriever;
  }

  @Operation(
      operationId = "retrieve",
      summary = "Hybrid retrieval",
      description =
          "BM25, dense, or both fused with Reciprocal Rank "
              + "Fusion; each hit shows its fused score and where each retriever ranked it.")
  @ApiResponse(responseCode = "200", description = "The hits, best first, with timings")
  @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
  @ApiResponse(responseCode = "413", ref = ProblemResponses.CONTENT_TOO_LARGE)
  @ApiResponse(responseCode = "504", ref = ProblemResponses.TIMEOUT)
  @PostMapping("/v1/retrieve")
  RetrieveResponse retrieve(@RequestBody RetrieveRequest request) {
    return retriever.retrieve(check.check(request));
  }
}
