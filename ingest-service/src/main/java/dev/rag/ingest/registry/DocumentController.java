package dev.rag.ingest.registry;

import dev.rag.contracts.problem.ApiException;
import dev.rag.ingest.collections.CollectionRegistry;
import dev.rag.ingest.pipeline.DocumentDeletion;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET} and {@code DELETE} on {@code /v1/collections/{collection}/documents[/{id}]}. */
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

  @GetMapping("/v1/collections/{collection}/documents")
  List<DocumentRecord> list(@PathVariable String collection) {
    requireCollection(collection);
    return registry.list(collection);
  }

  @GetMapping("/v1/collections/{collection}/documents/{id}")
  DocumentRecord get(@PathVariable String collection, @PathVariable String id) {
    requireCollection(collection);
    return registry
        .find(collection, id)
        .filter(d -> !d.deleted())
        .orElseThrow(() -> ApiException.notFound("document", id));
  }

  /** 202 with the job that follows the delete through both indexes. */
  @DeleteMapping("/v1/collections/{collection}/documents/{id}")
  ResponseEntity<Map<String, Object>> delete(
      @PathVariable String collection, @PathVariable String id) {
    requireCollection(collection);
    String jobId = "job-" + UUID.randomUUID();
    long version =
        deletion
            .delete(collection, id, jobId)
            .orElseThrow(() -> ApiException.notFound("document", id));
    String status = "/v1/ingest-jobs/" + jobId;
    return ResponseEntity.accepted()
        .location(URI.create(status))
        .body(
            Map.of(
                "jobId",
                jobId,
                "collection",
                collection,
                "documentId",
                id,
                "version",
                version,
                "status",
                status));
  }

  private void requireCollection(String collection) {
    if (!collections.exists(collection)) {
      throw ApiException.notFound("collection", collection);
    }
  }
}
