package dev.rag.eval.ingestion;

import dev.rag.eval.platform.DocumentStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How far the corpus is through the pipeline, from one listing of the registry. A corpus document
 * missing from the listing, or listed {@code INGESTING}, is pending; {@code INDEXED} and {@code
 * FAILED} are final. (A document ingest-service rejects before registering it, e.g. with no
 * extractable text, never appears: it stays pending and ends in the timeout, its reason in the
 * {@code rag.documents.dlq} record.)
 *
 * @param total corpus documents
 * @param indexed documents every chunk of which is in both indexes
 * @param failed documents the pipeline gave up on
 * @param pendingSample up to 5 ids still pending, for error messages
 */
public record IndexingProgress(int total, int indexed, int failed, List<String> pendingSample) {

  public IndexingProgress {
    pendingSample = List.copyOf(pendingSample);
  }

  public static IndexingProgress of(Set<String> corpusIds, List<DocumentStatus> listed) {
    Map<String, DocumentStatus> byId = new HashMap<>();
    listed.forEach(d -> byId.put(d.id(), d));
    int indexed = 0;
    int failed = 0;
    List<String> pending = new ArrayList<>();
    for (String id : corpusIds) {
      DocumentStatus status = byId.get(id);
      if (status != null && status.indexed()) {
        indexed++;
      } else if (status != null && status.failed()) {
        failed++;
      } else if (pending.size() < 5) {
        pending.add(id);
      }
    }
    return new IndexingProgress(corpusIds.size(), indexed, failed, pending);
  }

  public int pending() {
    return total - indexed - failed;
  }

  public boolean complete() {
    return pending() == 0;
  }

  /** One progress line, e.g. {@code indexed 1200/5183 documents, 0 failed, 3983 pending}. */
  public String line() {
    return "indexed %d/%d documents, %d failed, %d pending"
        .formatted(indexed, total, failed, pending());
  }
}
