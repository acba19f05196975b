package dev.rag.retrieval.api;

import dev.rag.contracts.problem.ApiException;
import dev.rag.retrieval.index.ChunkPage;
import dev.rag.retrieval.index.StoredChunk;
import dev.rag.retrieval.index.lucene.LuceneChunkIndex;
import dev.rag.support.openapi.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/collections/{collection}/documents/{documentId}/chunks}: a document's chunks
 * exactly as retrieval holds them (text, section, page, offsets), so an admin sees what a question
 * can find and a reader can open a cited passage whole. Ingest-service keeps no chunk text; the
 * index is the one place it lives.
 */
@Tag(name = "documents", description = "Documents of a collection")
@RestController
class DocumentChunksController {

  static final int MAX_PAGE_SIZE = 500;

  /** One chunk as indexed. */
  record ChunkView(
      String chunkId,
      int ordinal,
      String text,
      List<String> sectionPath,
      Integer page,
      int startOffset,
      int endOffset,
      int tokenCount) {
    static ChunkView of(StoredChunk chunk) {
      return new ChunkView(
          chunk.id().toString(),
          chunk.id().ordinal(),
          chunk.text(),
          chunk.sectionPath(),
          chunk.page(),
          chunk.startOffset(),
          chunk.endOffset(),
          chunk.tokenCount());
    }
  }

  /**
   * A page of a document's chunks.
   *
   * @param version the indexed version, null when none is indexed (yet, or any more)
   * @param title the document's title, null when none is indexed
   * @param total the chunks of that version
   */
  record ChunkList(
      String collection,
      String documentId,
      Long version,
      String title,
      int total,
      int page,
      int size,
      List<ChunkView> items) {}

  private final LuceneChunkIndex index;

  DocumentChunksController(LuceneChunkIndex index) {
    this.index = index;
  }

  @Operation(
      operationId = "listDocumentChunks",
      summary = "A document's chunks as indexed",
      description =
          "The chunks of the document's newest indexed version in reading order, with text,"
              + " section path, page and character offsets; empty while none is indexed.")
  @ApiResponse(responseCode = "200", description = "One page of chunks")
  @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
  @GetMapping("/v1/collections/{collection}/documents/{documentId}/chunks")
  ChunkList chunks(
      @PathVariable String collection,
      @PathVariable String documentId,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "100") int size) {
    if (page < 0) {
      throw ApiException.invalid("page", "must be 0 or more, was " + page);
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw ApiException.invalid("size", "must be 1 to " + MAX_PAGE_SIZE + ", was " + size);
    }
    if (!index.collections().containsKey(collection)) {
      throw ApiException.notFound("collection", collection);
    }
    ChunkPage chunks = index.documentChunks(collection, documentId, page, size);
    return new ChunkList(
        collection,
        documentId,
        chunks.version(),
        chunks.chunks().isEmpty() ? null : chunks.chunks().getFirst().title(),
        chunks.total(),
        page,
        size,
        chunks.chunks().stream().map(ChunkView::of).toList());
  }
}
