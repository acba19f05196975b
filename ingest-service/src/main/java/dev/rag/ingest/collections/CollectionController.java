package dev.rag.ingest.collections;

import dev.rag.support.openapi.ProblemResponses;
import dev.rag.support.security.CallerScope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/collections}: list, create (idempotent), read one. */
@Tag(name = "collections", description = "Collections of documents, created on first use")
@RestController
@RequestMapping("/v1/collections")
class CollectionController {

  /** Body of {@code POST /v1/collections}. */
  record CreateCollection(String name) {}

  private final CollectionRegistry collections;

  CollectionController(CollectionRegistry collections) {
    this.collections = collections;
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
