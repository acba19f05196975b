package dev.rag.ingest.collections;

import dev.rag.ingest.jobs.JobItem;
import dev.rag.ingest.jobs.JobStore;
import dev.rag.ingest.pipeline.DocumentDeletion;
import dev.rag.ingest.registry.DocumentRecord;
import dev.rag.ingest.registry.DocumentRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes a collection with everything it owns. One transaction marks the collection and all its
 * live documents deleted and records a DELETE job with one item per document; then every document
 * gets the same tombstone a single delete sends ({@code rag.chunks} → embedding-service → {@code
 * rag.embedded-chunks}), so retrieval-service removes its chunks from both indexes in order with
 * anything still in flight for it, and acknowledges each with a DELETED index event: the job
 * completes when all have been, and the gateway's cached answers of the collection stop matching. A
 * restart between the commit and the events resends them ({@link DocumentDeletion#resume}).
 *
 * <p>Rows are kept, marked deleted, so a collection created again under the same name continues its
 * documents' version numbers (a version 1 again would be hidden by retrieval's tombstones).
 */
@Component
public class CollectionDeletion {

  /** What a delete started. */
  public record Started(String jobId, int documents) {}

  private final CollectionRegistry collections;
  private final DocumentRegistry registry;
  private final JobStore jobs;
  private final DocumentDeletion deletion;
  private final TransactionTemplate tx;

  public CollectionDeletion(
      CollectionRegistry collections,
      DocumentRegistry registry,
      JobStore jobs,
      DocumentDeletion deletion,
      TransactionTemplate tx) {
    this.collections = collections;
    this.registry = registry;
    this.jobs = jobs;
    this.deletion = deletion;
    this.tx = tx;
  }

  /** Empty when the collection does not exist (or is already deleted). */
  public Optional<Started> delete(String collection, String jobId) {
    List<JobItem> items =
        tx.execute(
            status -> {
              if (!collections.markDeleted(collection)) {
                return null;
              }
              List<JobItem> created = new ArrayList<>();
              for (DocumentRecord document : registry.deleteAll(collection, jobId)) {
                created.add(
                    JobItem.pending(
                        created.size(),
                        document.id(),
                        JobItem.DELETE,
                        null,
                        null,
                        null,
                        document.version()));
              }
              jobs.create(jobId, collection, JobStore.DELETE, created);
              return created;
            });
    if (items == null) {
      return Optional.empty();
    }
    deletion.publishAll(jobId, collection, items);
    return Optional.of(new Started(jobId, items.size()));
  }
}
