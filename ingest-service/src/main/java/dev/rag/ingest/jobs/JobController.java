package dev.rag.ingest.jobs;

import dev.rag.contracts.problem.ApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/ingest-jobs/{id}}: progress and final state of an ingest job. */
@RestController
class JobController {

  private final JobStore jobs;

  JobController(JobStore jobs) {
    this.jobs = jobs;
  }

  @GetMapping("/v1/ingest-jobs/{id}")
  JobView get(@PathVariable String id) {
    return jobs.view(id).orElseThrow(() -> ApiException.notFound("ingest job", id));
  }
}
