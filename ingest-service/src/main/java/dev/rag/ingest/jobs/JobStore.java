package dev.rag.ingest.jobs;

import dev.rag.contracts.events.IndexEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code ingest.jobs} and {@code ingest.job_items} tables. Item status only moves forward
 * (every update names the statuses it may leave), so a late or redelivered event never undoes a
 * finished item. An item's change and its job's recomputed state are one transaction: they never
 * disagree, and a crash between the two statements cannot leave an item PUBLISHED whose worker
 * failed before removing its staged file (the file would then belong to no unfinished item).
 */
@Component
public class JobStore {

  public static final String UPLOAD = "UPLOAD";
  public static final String PRODUCER = "PRODUCER";
  public static final String DELETE = "DELETE";

  private static final String ITEM_COLUMNS =
      "job_id, item, document_id, operation, file_name,"
          + " content_type, staged_path, version, status, chunks_parsed, chunks_embedded,"
          + " chunks_indexed, error, metadata";
  private static final String ACTIVE = "('PUBLISHING', 'PUBLISHED')";

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  /**
   * Job ids seen on the progress topics that are not ours (other producers, other test runs):
   * remembered so a backlog of foreign events costs one query per job, not one per chunk. Safe
   * because a job row always exists before any of its chunks is published.
   */
  private final Map<String, Boolean> foreignJobs =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > 10_000;
            }
          });

  public JobStore(JdbcClient jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  /** Persists a job with its items in one transaction. */
  public void create(String jobId, String collection, String origin, List<JobItem> items) {
    tx.executeWithoutResult(
        transaction -> {
          jdbc.sql("INSERT INTO jobs (id, collection, origin, state) VALUES (?, ?, ?, 'ACCEPTED')")
              .params(jobId, collection, origin)
              .update();
          for (JobItem item : items) {
            insertItem(jobId, item, false);
          }
        });
  }

  /** Creates a one-item job unless it exists (a redelivered record reuses its job). */
  public JobItem createIfAbsent(String jobId, String collection, String origin, JobItem item) {
    return tx.execute(
        transaction -> {
          jdbc.sql(
                  "INSERT INTO jobs (id, collection, origin, state) VALUES (?, ?, ?, 'ACCEPTED')"
                      + " ON CONFLICT DO NOTHING")
              .params(jobId, collection, origin)
              .update();
          insertItem(jobId, item, true);
          return item(jobId, item.item()).orElseThrow();
        });
  }

  private void insertItem(String jobId, JobItem item, boolean ifAbsent) {
    jdbc.sql(
            "INSERT INTO job_items (job_id, item, document_id, operation, file_name, content_type,"
                + " staged_path, version, status, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)"
                + (ifAbsent ? " ON CONFLICT DO NOTHING" : ""))
        .params(
            jobId,
            item.item(),
            item.documentId(),
            item.operation(),
            item.fileName(),
            item.contentType(),
            item.stagedPath(),
            item.version(),
            item.metadata().isEmpty() ? null : MetadataColumn.write(item.metadata()))
        .update();
  }

  public Optional<String> collectionOf(String jobId) {
    return jdbc.sql("SELECT collection FROM jobs WHERE id = ?")
        .param(jobId)
        .query(String.class)
        .optional();
  }

  public Optional<JobItem> item(String jobId, int item) {
    return jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM job_items WHERE job_id = ? AND item = ?")
        .params(jobId, item)
        .query(JobStore::mapItem)
        .optional();
  }

  /** Upload items not yet published, oldest first: what a restart must resume. */
  public List<JobItem> unfinishedUploads() {
    return jdbc.sql(
            "SELECT "
                + ITEM_COLUMNS
                + " FROM job_items WHERE status IN ('PENDING', 'PUBLISHING')"
                + " AND staged_path IS NOT NULL ORDER BY updated_at")
        .query(JobStore::mapItem)
        .list();
  }

  /** A version is claimed and {@code chunks} chunks are about to be published. */
  public void publishing(String jobId, int item, long version, int chunks) {
    tx.executeWithoutResult(
        transaction -> {
          jdbc.sql(
                  "UPDATE job_items SET status = 'PUBLISHING', version = ?, chunks_parsed = ?,"
                      + " updated_at = CURRENT_TIMESTAMP WHERE job_id = ? AND item = ? AND status IN ('PENDING', 'PUBLISHING')")
              .params(version, chunks, jobId, item)
              .update();
          refresh(jobId);
        });
  }

  public void published(String jobId, int item) {
    tx.executeWithoutResult(
        transaction -> {
          jdbc.sql(
                  "UPDATE job_items SET status = 'PUBLISHED', staged_path = NULL, updated_at = CURRENT_TIMESTAMP"
                      + " WHERE job_id = ? AND item = ? AND status IN ('PENDING', 'PUBLISHING')")
              .params(jobId, item)
              .update();
          refresh(jobId);
        });
  }

  /**
   * Sets an unfinished upload item to what the registry says its job wrote (a restart found the
   * item behind the facts): PUBLISHED with its version and chunk count, or INDEXED with every chunk
   * counted, or FAILED as the index reported.
   */
  public void restore(String jobId, int item, ItemStatus status, long version, int chunks) {
    tx.executeWithoutResult(
        transaction -> {
          int indexed = status == ItemStatus.INDEXED ? chunks : 0;
          jdbc.sql(
                  "UPDATE job_items SET status = ?, version = ?, chunks_parsed = ?,"
                      + " chunks_embedded = GREATEST(chunks_embedded, ?),"
                      + " chunks_indexed = GREATEST(chunks_indexed, ?), staged_path = NULL,"
                      + " error = CASE WHEN ? = 'FAILED' THEN 'indexing failed' ELSE error END,"
                      + " updated_at = CURRENT_TIMESTAMP"
                      + " WHERE job_id = ? AND item = ? AND status IN ('PENDING', 'PUBLISHING')")
              .params(status.name(), version, chunks, indexed, indexed, status.name(), jobId, item)
              .update();
          refresh(jobId);
        });
  }

  /** Every item of the job not yet published is on the broker now (one statement for all). */
  public void publishedAll(String jobId) {
    tx.executeWithoutResult(
        transaction -> {
          jdbc.sql(
                  "UPDATE job_items SET status = 'PUBLISHED', staged_path = NULL, updated_at = CURRENT_TIMESTAMP"
                      + " WHERE job_id = ? AND status IN ('PENDING', 'PUBLISHING')")
              .param(jobId)
              .update();
          refresh(jobId);
        });
  }

  /** Delete items whose delete event may not have reached the broker: what a restart resends. */
  public List<JobItem> unfinishedDeletes() {
    return jdbc.sql(
            "SELECT "
                + ITEM_COLUMNS
                + " FROM job_items WHERE operation = 'DELETE' AND status IN ('PENDING', 'PUBLISHING')"
                + " ORDER BY job_id, item")
        .query(JobStore::mapItem)
        .list();
  }

  /** A page of a collection's jobs, newest first, and how many there are in all. */
  public JobSummary.Page jobsOf(String collection, int page, int size) {
    long total =
        jdbc.sql("SELECT COUNT(*) FROM jobs WHERE collection = ?")
            .param(collection)
            .query(Long.class)
            .single();
    List<JobSummary> jobs =
        jdbc.sql(
                "SELECT j.id, j.origin, j.state, j.created_at, j.updated_at,"
                    + " (SELECT COUNT(*) FROM job_items i WHERE i.job_id = j.id)"
                    + " FROM jobs j WHERE j.collection = ? ORDER BY j.created_at DESC, j.id"
                    + " LIMIT ? OFFSET ?")
            .params(collection, size, (long) page * size)
            .query(
                (rs, n) ->
                    new JobSummary(
                        rs.getString(1),
                        collection,
                        rs.getString(2),
                        JobState.valueOf(rs.getString(3)),
                        rs.getObject(4, OffsetDateTime.class),
                        rs.getObject(5, OffsetDateTime.class),
                        rs.getLong(6),
                        "/v1/ingest-jobs/" + rs.getString(1)))
            .list();
    return new JobSummary.Page(jobs, total, page, size);
  }

  /** Finishes an item that is not finished yet (UNCHANGED, SKIPPED, FAILED). */
  public void finish(String jobId, int item, ItemStatus status, Long version, String error) {
    tx.executeWithoutResult(
        transaction -> {
          jdbc.sql(
                  "UPDATE job_items SET status = ?, version = COALESCE(?, version), error = ?,"
                      + " staged_path = NULL, updated_at = CURRENT_TIMESTAMP"
                      + " WHERE job_id = ? AND item = ? AND status IN ('PENDING', 'PUBLISHING', 'PUBLISHED')")
              .params(status.name(), version, truncate(error), jobId, item)
              .update();
          refresh(jobId);
        });
  }

  /**
   * Applies a batch of index acknowledgements in the caller's transaction, one update per document
   * version (not per chunk), and recomputes each touched job once. Returns the items that finished,
   * with their new status. INDEXED sets the indexed count from the event's {@code indexedTotal}
   * (idempotent: a redelivered or late event cannot count twice) or, from a producer that sends no
   * total, adds {@code chunks}; either way capped at the chunks parsed, and "embedded" follows
   * (every indexed chunk was embedded). DELETED finishes a delete; FAILED fails the item with the
   * index's reason.
   */
  public List<Finished> indexed(List<IndexEvent> events) {
    List<Finished> finished = new ArrayList<>();
    Set<String> touched = new LinkedHashSet<>();
    for (IndexEvent event : events) {
      if (event.jobId() == null || !ours(event.jobId())) {
        continue;
      }
      touched.add(event.jobId());
      apply(event).ifPresent(status -> finished.add(new Finished(event, status)));
    }
    touched.forEach(this::refresh);
    return finished;
  }

  /** An item finished by an index event. */
  public record Finished(IndexEvent event, ItemStatus status) {}

  private Optional<ItemStatus> apply(IndexEvent event) {
    String where = " WHERE job_id = ? AND document_id = ? AND version = ? AND status IN " + ACTIVE;
    Object[] key = {event.jobId(), event.documentId(), event.version()};
    ItemStatus finished =
        switch (event.kind()) {
          case INDEXED -> {
            String indexed =
                event.indexedTotal() != null
                    ? "LEAST(chunks_parsed, GREATEST(chunks_indexed, ?))"
                    : "LEAST(chunks_parsed, chunks_indexed + ?)";
            int value =
                event.indexedTotal() != null ? event.indexedTotal() : Math.max(0, event.chunks());
            jdbc.sql(
                    "UPDATE job_items SET chunks_indexed = "
                        + indexed
                        + ", chunks_embedded = GREATEST(chunks_embedded, "
                        + indexed
                        + "), updated_at = CURRENT_TIMESTAMP"
                        + where
                        + " AND operation = 'UPSERT'")
                .params(value, value, key[0], key[1], key[2])
                .update();
            int done =
                jdbc.sql(
                        "UPDATE job_items SET status = 'INDEXED'"
                            + where
                            + " AND operation = 'UPSERT' AND chunks_indexed >= chunks_parsed")
                    .params(key)
                    .update();
            yield done > 0 ? ItemStatus.INDEXED : null;
          }
          case DELETED ->
              jdbc.sql(
                              "UPDATE job_items SET status = 'DELETED', updated_at = CURRENT_TIMESTAMP"
                                  + where
                                  + " AND operation = 'DELETE'")
                          .params(key)
                          .update()
                      > 0
                  ? ItemStatus.DELETED
                  : null;
          case FAILED ->
              jdbc.sql(
                              "UPDATE job_items SET status = 'FAILED', error = ?, updated_at = CURRENT_TIMESTAMP"
                                  + where)
                          .params(
                              truncate("indexing failed: " + event.reason()),
                              key[0],
                              key[1],
                              key[2])
                          .update()
                      > 0
                  ? ItemStatus.FAILED
                  : null;
        };
    return Optional.ofNullable(finished);
  }

  private boolean ours(String jobId) {
    if (foreignJobs.containsKey(jobId)) {
      return false;
    }
    boolean exists =
        jdbc.sql("SELECT COUNT(*) FROM jobs WHERE id = ?").param(jobId).query(Long.class).single()
            > 0;
    if (!exists) {
      foreignJobs.put(jobId, Boolean.TRUE);
    }
    return exists;
  }

  /** Recomputes the job state from its items. */
  public void refresh(String jobId) {
    Map<ItemStatus, Integer> counts = statusCounts(jobId);
    jdbc.sql("UPDATE jobs SET state = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?")
        .params(state(counts).name(), jobId)
        .update();
  }

  static JobState state(Map<ItemStatus, Integer> counts) {
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    int finished = 0;
    for (ItemStatus status : ItemStatus.FINISHED) {
      finished += counts.getOrDefault(status, 0);
    }
    int failed = counts.getOrDefault(ItemStatus.FAILED, 0);
    if (finished < total) {
      return counts.getOrDefault(ItemStatus.PENDING, 0) == total
          ? JobState.ACCEPTED
          : JobState.RUNNING;
    }
    if (failed == 0) {
      return JobState.COMPLETED;
    }
    return failed == total ? JobState.FAILED : JobState.PARTIAL;
  }

  private Map<ItemStatus, Integer> statusCounts(String jobId) {
    return jdbc.sql("SELECT status, COUNT(*) FROM job_items WHERE job_id = ? GROUP BY status")
        .param(jobId)
        .query(
            (ResultSet rs) -> {
              Map<ItemStatus, Integer> counts = new EnumMap<>(ItemStatus.class);
              while (rs.next()) {
                counts.put(ItemStatus.valueOf(rs.getString(1)), rs.getInt(2));
              }
              return counts;
            });
  }

  public Optional<JobView> view(String jobId) {
    record Job(
        String id,
        String collection,
        String origin,
        String state,
        OffsetDateTime created,
        OffsetDateTime updated) {}
    Optional<Job> job =
        jdbc.sql(
                "SELECT id, collection, origin, state, created_at, updated_at FROM jobs WHERE id = ?")
            .param(jobId)
            .query(
                (rs, n) ->
                    new Job(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class),
                        rs.getObject(6, OffsetDateTime.class)))
            .optional();
    if (job.isEmpty()) {
      return Optional.empty();
    }
    List<JobItem> items =
        jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM job_items WHERE job_id = ? ORDER BY item")
            .param(jobId)
            .query(JobStore::mapItem)
            .list();
    Map<ItemStatus, Integer> counts = new EnumMap<>(ItemStatus.class);
    items.forEach(i -> counts.merge(i.status(), 1, Integer::sum));
    var documents =
        new JobView.Documents(
            items.size(),
            counts.getOrDefault(ItemStatus.PENDING, 0)
                + counts.getOrDefault(ItemStatus.PUBLISHING, 0),
            counts.getOrDefault(ItemStatus.PUBLISHED, 0),
            counts.getOrDefault(ItemStatus.INDEXED, 0),
            counts.getOrDefault(ItemStatus.UNCHANGED, 0),
            counts.getOrDefault(ItemStatus.SKIPPED, 0),
            counts.getOrDefault(ItemStatus.DELETED, 0),
            counts.getOrDefault(ItemStatus.FAILED, 0));
    var chunks =
        new JobView.Chunks(
            items.stream().mapToLong(JobItem::chunksParsed).sum(),
            items.stream().mapToLong(JobItem::chunksEmbedded).sum(),
            items.stream().mapToLong(JobItem::chunksIndexed).sum());
    Job j = job.get();
    // Derived from the items just read rather than the stored column, which is written by a
    // second statement and could lag the items by a moment.
    return Optional.of(
        new JobView(
            j.id(),
            j.collection(),
            j.origin(),
            state(counts),
            j.created(),
            j.updated(),
            documents,
            chunks,
            items.stream()
                .map(
                    i ->
                        new JobView.Item(
                            i.documentId(),
                            i.fileName(),
                            i.contentType(),
                            i.version(),
                            i.status(),
                            i.chunksParsed(),
                            i.chunksEmbedded(),
                            i.chunksIndexed(),
                            i.error()))
                .toList(),
            items.stream()
                .filter(i -> i.status() == ItemStatus.FAILED)
                .map(i -> new JobView.Failure(i.documentId(), i.fileName(), i.error()))
                .toList()));
  }

  private static JobItem mapItem(ResultSet rs, int row) throws SQLException {
    long version = rs.getLong("version");
    Long boxed = rs.wasNull() ? null : version;
    return new JobItem(
        rs.getString("job_id"),
        rs.getInt("item"),
        rs.getString("document_id"),
        rs.getString("operation"),
        rs.getString("file_name"),
        rs.getString("content_type"),
        rs.getString("staged_path"),
        boxed,
        ItemStatus.valueOf(rs.getString("status")),
        rs.getInt("chunks_parsed"),
        rs.getInt("chunks_embedded"),
        rs.getInt("chunks_indexed"),
        rs.getString("error"),
        MetadataColumn.read(rs.getString("metadata")));
  }

  private static String truncate(String error) {
    return error == null || error.length() <= 4000 ? error : error.substring(0, 3997) + "...";
  }
}
