package dev.rag.ingest.jobs;

import dev.rag.contracts.problem.ApiException;
import dev.rag.support.security.CallerScope;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/ingest-jobs/{id}}: progress and final state of an ingest job, for callers of its
 * collection.
 */
@RestController
class JobController {

  private final JobStore jobs;

  JobController(JobStore jobs) {
    this.jobs = jobs;
  }

  @GetMapping("/v1/ingest-jobs/{id}")
  JobView get(@PathVariable String id, HttpServletRequest request) {
    // Another tenant's job is "not found": its id, file names and document ids stay private.
    CallerScope scope = CallerScope.of(request);
    return jobs.view(id)
        .filter(job -> scope.mayUse(job.collection()))
        .orElseThrow(() -> ApiException.notFound("ingest job", id));
  }
}
