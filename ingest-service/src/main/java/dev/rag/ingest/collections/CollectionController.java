package dev.rag.ingest.collections;

import dev.rag.contracts.problem.ApiException;
import dev.rag.ingest.jobs.JobStore;
import dev.rag.ingest.jobs.JobSummary;
import dev.rag.support.openapi.ProblemResponses;
import dev.rag.support.security.CallerScope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/collections}: list, create (idempotent), read one, delete one with everything it owns,
 * and list a collection's jobs.
 */
@Tag(name = "collections", description = "Collections of documents, created on first use")
@RestController
@RequestMapping("/v1/collections")
class CollectionController {

  /** Body of {@code POST /v1/collections}. */
  record CreateCollection(String name) {}

  static final int MAX_JOB_PAGE = 200;

  private final CollectionRegistry collections;
  private final CollectionDeletion deletion;
  private final JobStore jobs;

  CollectionController(CollectionRegistry collections, CollectionDeletion deletion, JobStore jobs) {
    this.collections = collections;
    this.deletion = deletion;
    this.jobs = jobs;
  }

  /**
   * 202 with the job that follows the deletion through both indexes; 404 when the collection does
   * not exist (a second delete of the same collection included).
   */
  @Operation(
      operationId = "deleteCollection",
      summary = "Delete a collection with its documents, chunks and cached answers",
      description =
          "Answers 202 with the job that follows every document's delete through both indexes;"
              + " poll it at `status`. The name can be used again afterwards.")
  @ApiResponse(
      responseCode = "202",
      description = "The delete is accepted",
      headers =
          @Header(
              name = "Location",
              description = "The ingest job to poll",
              schema = @Schema(type = "string", format = "uri-reference")))
  @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
  @DeleteMapping("/{collection}")
  ResponseEntity<CollectionDeleteAccepted> delete(@PathVariable String collection) {
    CollectionRegistry.validName(collection);
    String jobId = "job-" + UUID.randomUUID();
    CollectionDeletion.Started started =
        deletion
            .delete(collection, jobId)
            .orElseThrow(() -> ApiException.notFound("collection", collection));
    String status = "/v1/ingest-jobs/" + jobId;
    return ResponseEntity.accepted()
        .location(URI.create(status))
        .body(new CollectionDeleteAccepted(jobId, collection, started.documents(), status));
  }

  /** The collection's jobs, newest first ({@code page} from 0, {@code size} 1..200, default 50). */
  @Operation(operationId = "listCollectionJobs", summary = "List a collection's ingest jobs")
  @ApiResponse(responseCode = "200", description = "A page of jobs, newest first")
  @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
  @GetMapping("/{collection}/jobs")
  JobSummary.Page jobs(
      @PathVariable String collection,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    if (!collections.exists(collection)) {
      throw ApiException.notFound("collection", collection);
    }
    if (page < 0 || page > 1_000_000) {
      throw ApiException.invalid("page", "must be in [0, 1000000], was " + page);
    }
    if (size < 1 || size > MAX_JOB_PAGE) {
      throw ApiException.invalid("size", "must be in [1, " + MAX_JOB_PAGE + "], was " + size)
          .with("max", MAX_JOB_PAGE);
    }
    return jobs.jobsOf(collection, page, size);
  }

  /** The collections the gateway's caller may use (all of them for calls between services). */
  @Operation(operationId = "listCollections", summary = "List the collections the key may use")
  @ApiResponse(responseCode = "200", description = "The collections, by name")
  @GetMapping
  List<CollectionRegistry.CollectionView> list(HttpServletRequest request) {
    CallerScope scope = CallerScope.of(request);
    return collections.list().stream().filter(view -> scope.mayUse(view.name())).toList();
  }

  @Operation(operationId = "getCollection", summary = "Read one collection")
  @ApiResponse(responseCode = "200", description = "The collection")
  @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
  @GetMapping("/{collection}")
  CollectionRegistry.CollectionView get(@PathVariable String collection) {
    return collections.find(collection);
  }

  /** 201 when created, 200 when it already existed. */
  @Operation(operationId = "createCollection", summary = "Create a collection (idempotent)")
  @ApiResponse(responseCode = "200", description = "The collection already existed")
  @ApiResponse(responseCode = "201", description = "The collection was created")
  @ApiResponse(responseCode = "413", ref = ProblemResponses.CONTENT_TOO_LARGE)
  @PostMapping
  ResponseEntity<CollectionRegistry.CollectionView> create(@RequestBody CreateCollection body) {
    String name = CollectionRegistry.validName(body == null ? null : body.name());
    boolean created = collections.ensure(name);
    var view = collections.find(name);
    return created
        ? ResponseEntity.created(URI.create("/v1/collections/" + name)).body(view)
        : ResponseEntity.ok(view);
  }
}
