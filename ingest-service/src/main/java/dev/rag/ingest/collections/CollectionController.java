package dev.rag.ingest.collections;

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
@RestController
@RequestMapping("/v1/collections")
class CollectionController {

  /** Body of {@code POST /v1/collections}. */
  record CreateCollection(String name) {}

  private final CollectionRegistry collections;

  CollectionController(CollectionRegistry collections) {
    this.collections = collections;
  }

  @GetMapping
  List<CollectionRegistry.CollectionView> list() {
    return collections.list();
  }

  @GetMapping("/{collection}")
  CollectionRegistry.CollectionView get(@PathVariable String collection) {
    return collections.find(collection);
  }

  /** 201 when created, 200 when it already existed. */
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
