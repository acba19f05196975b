package dev.rag.ingest.jobs;

import dev.rag.contracts.problem.ApiException;
import dev.rag.support.openapi.ProblemResponses;
import dev.rag.support.security.CallerScope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/ingest-jobs/{id}}: progress and final state of an ingest job, for callers of its
 * collection.
 */
@Tag(name = "ingest-jobs", description = "Progress and outcome of uploads and deletes")
@RestController
class JobController {

  private final JobStore jobs;

  JobController(JobStore jobs) {
    this.jobs = jobs;
  }

  @Operation(
      operationId = "getIngestJob",
      summary = "Read an ingest job: its state, document and chunk counts, items and failures",
      description =
          "Poll until `state` is final: COMPLETED, PARTIAL (some documents failed) or FAILED.")
  @ApiResponse(responseCode = "200", description = "The job")
  @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
  @GetMapping("/v1/ingest-jobs/{id}")
  JobView get(@PathVariable String id, HttpServletRequest request) {
    // Another tenant's job is "not found": its id, file names and document ids stay private.
    CallerScope scope = CallerScope.of(request);
    return jobs.view(id)
        .filter(job -> scope.mayUse(job.collection()))
        .orElseThrow(() -> ApiException.notFound("ingest job", id));
  }
}
