package dev.rag.ingest.documents;

import dev.rag.contracts.problem.ApiException;
import dev.rag.ingest.collections.CollectionRegistry;
import dev.rag.ingest.pipeline.DocumentDeletion;
import dev.rag.ingest.registry.DocumentPage;
import dev.rag.ingest.registry.DocumentQuery;
import dev.rag.ingest.registry.DocumentRecord;
import dev.rag.ingest.registry.DocumentRegistry;
import dev.rag.support.openapi.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET} and {@code DELETE} on {@code /v1/collections/{collection}/documents[/{id}]}. */
@Tag(name = "documents", description = "Upload, list, read and delete documents")
@RestController
class DocumentController {

  private final DocumentRegistry registry;
  private final CollectionRegistry collections;
  private final DocumentDeletion deletion;

  DocumentController(
      DocumentRegistry registry, CollectionRegistry collections, DocumentDeletion deletion) {
    this.registry = registry;
    this.collections = collections;
    this.deletion = deletion;
  }

  /**
   * A page of live documents by id: {@code ?cursor=} (the {@code next} of the previous page) or
   * {@code ?page=} (zero-based), {@code size} (1..{@value #MAX_SIZE}, default {@value
   * #DEFAULT_SIZE}), {@code q} (a case-insensitive part of the id or title), {@code state}.
   */
  @Operation(
      operationId = "listDocuments",
      summary = "List a page of the documents of a collection")
  @ApiResponse(
      responseCode = "200",
      description = "A page of documents, each with its latest version")
  @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
  @GetMapping("/v1/collections/{collection}/documents")
  DocumentList list(
      @PathVariable String collection,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) Integer size,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String state) {
    requireCollection(collection);
    DocumentQuery query = DocumentListQuery.check(page, cursor, size, q, state);
    DocumentPage found = registry.page(collection, query);
    return new DocumentList(
        found.items(),
        found.total(),
        query.after() == null ? query.page() : null,
        query.size(),
        found.lastId() == null ? null : DocumentListQuery.cursor(found.lastId()));
  }

  /**
   * A page of documents.
   *
   * @param page the page number when offset paging was used (null with cursors)
   * @param next the cursor of the next page; null on the last
   */
  record DocumentList(
      List<DocumentRecord> items, long total, Integer page, int size, String next) {}

  static final int DEFAULT_SIZE = DocumentListQuery.DEFAULT_SIZE;
  static final int MAX_SIZE = DocumentListQuery.MAX_SIZE;

  @Operation(operationId = "getDocument", summary = "Read one document's registry entry")
  @ApiResponse(responseCode = "200", description = "The document")
  @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
  @GetMapping("/v1/collections/{collection}/documents/{id}")
  DocumentRecord get(@PathVariable String collection, @PathVariable String id) {
    requireCollection(collection);
    return registry
        .find(collection, id)
        .filter(d -> !d.deleted())
        .orElseThrow(() -> ApiException.notFound("document", id));
  }

  /** 202 with the job that follows the delete through both indexes. */
  @Operation(
      operationId = "deleteDocument",
      summary = "Delete a document from both indexes",
      description = "Answers 202 with the job that follows the delete; poll it at `status`.")
  @ApiResponse(
      responseCode = "202",
      description = "The delete is accepted",
      headers =
          @Header(
              name = "Location",
              description = "The ingest job to poll",
              schema = @Schema(type = "string", format = "uri-reference")),
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DeleteAccepted.class)))
  @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
  @DeleteMapping("/v1/collections/{collection}/documents/{id}")
  ResponseEntity<DeleteAccepted> delete(@PathVariable String collection, @PathVariable String id) {
    requireCollection(collection);
    String jobId = "job-" + UUID.randomUUID();
    long version =
        deletion
            .delete(collection, id, jobId)
            .orElseThrow(() -> ApiException.notFound("document", id));
    String status = "/v1/ingest-jobs/" + jobId;
    return ResponseEntity.accepted()
        .location(URI.create(status))
        .body(new DeleteAccepted(jobId, collection, id, version, status));
  }

  private void requireCollection(String collection) {
    if (!collections.exists(collection)) {
      throw ApiException.notFound("collection", collection);
    }
  }
}
