package dev.rag.ingest.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The {@code ingest.documents} table; version decisions are made under a row lock. */
@Component
public class DocumentRegistry {

  /**
   * Fields written with a new version. The chunk count is known before the claim and written with
   * it, so an index acknowledgement that overtakes the publishing thread finds the version's real
   * count (a version never reads INDEXED with 0 chunks).
   */
  public record Incoming(
      String collection,
      String documentId,
      String contentHash,
      Long version,
      String jobId,
      String title,
      String sourceUri,
      String contentType,
      int chunkCount) {}

  private static final String COLUMNS =
      "id, collection, version, content_hash, title, source_uri,"
          + " content_type, status, chunk_count, job_id, updated_at";

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  public DocumentRegistry(JdbcClient jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  public Optional<DocumentRecord> find(String collection, String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM documents WHERE collection = ? AND id = ?")
        .params(collection, id)
        .query(DocumentRegistry::map)
        .optional();
  }

  /** Live (not deleted) documents of a collection, by id. */
  public List<DocumentRecord> list(String collection) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM documents WHERE collection = ? AND status <> 'DELETED' ORDER BY id")
        .param(collection)
        .query(DocumentRegistry::map)
        .list();
  }

  /**
   * One page of a collection's live documents by id, optionally narrowed to ids or titles
   * containing {@code query.text()} (any case) and to one status.
   */
  public DocumentPage page(String collection, DocumentQuery query) {
    StringBuilder where = new StringBuilder(" WHERE collection = ? AND status <> 'DELETED'");
    List<Object> params = new ArrayList<>(List.of(collection));
    if (query.text() != null) {
      String like =
          "%"
              + query
                  .text()
                  .toLowerCase(Locale.ROOT)
                  .replace("\\", "\\\\")
                  .replace("%", "\\%")
                  .replace("_", "\\_")
              + "%";
      where.append(" AND (LOWER(id) LIKE ? ESCAPE '\\' OR LOWER(title) LIKE ? ESCAPE '\\')");
      params.add(like);
      params.add(like);
    }
    if (query.state() != null) {
      where.append(" AND status = ?");
      params.add(query.state());
    }
    long total =
        jdbc.sql("SELECT COUNT(*) FROM documents" + where)
            .params(params)
            .query(Long.class)
            .single();
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM documents").append(where);
    List<Object> pageParams = new ArrayList<>(params);
    if (query.after() != null) {
      sql.append(" AND id > ?");
      pageParams.add(query.after());
    }
    sql.append(" ORDER BY id LIMIT ? OFFSET ?");
    pageParams.add(query.size() + 1);
    pageParams.add(query.after() != null ? 0 : (long) query.page() * query.size());
    List<DocumentRecord> rows =
        jdbc.sql(sql.toString()).params(pageParams).query(DocumentRegistry::map).list();
    boolean more = rows.size() > query.size();
    List<DocumentRecord> items = more ? rows.subList(0, query.size()) : rows;
    return new DocumentPage(items, total, more ? items.getLast().id() : null);
  }

  /**
   * Marks every live document of a collection deleted by {@code jobId} (keeping versions, as a
   * single delete does) and returns them as they were. Runs in the caller's transaction.
   */
  public List<DocumentRecord> deleteAll(String collection, String jobId) {
    List<DocumentRecord> live =
        jdbc.sql(
                "SELECT "
                    + COLUMNS
                    + " FROM documents WHERE collection = ? AND status <> 'DELETED' ORDER BY id FOR UPDATE")
            .param(collection)
            .query(DocumentRegistry::map)
            .list();
    jdbc.sql(
            "UPDATE documents SET status = 'DELETED', job_id = ?, updated_at = CURRENT_TIMESTAMP"
                + " WHERE collection = ? AND status <> 'DELETED'")
        .params(jobId, collection)
        .update();
    return live;
  }

  /**
   * Whether content can be skipped without parsing: the current version has the same hash, is live,
   * and was written by another job. A cheap look before the real claim.
   */
  public boolean unchanged(String collection, String id, String hash, String jobId) {
    return find(collection, id)
        .filter(d -> !d.deleted() && !"FAILED".equals(d.status()))
        .filter(d -> d.contentHash().equals(hash) && !jobId.equals(d.jobId()))
        .isPresent();
  }

  /**
   * Decides, under a row lock, what incoming content becomes. Uploads ({@code version == null}) get
   * the next version; producers bring theirs, and one at or below the stored version is stale
   * unless it is the same content (unchanged) or the same job (resume).
   */
  public VersionClaim claim(Incoming in) {
    for (int attempt = 0; ; attempt++) {
      try {
        return tx.execute(status -> claimLocked(in));
      } catch (DuplicateKeyException e) {
        if (attempt > 0) {
          throw e;
        }
        // A concurrent first insert of the same document: the retry sees its row.
      }
    }
  }

  private VersionClaim claimLocked(Incoming in) {
    Optional<DocumentRecord> current =
        jdbc.sql("SELECT " + COLUMNS + " FROM documents WHERE collection = ? AND id = ? FOR UPDATE")
            .params(in.collection(), in.documentId())
            .query(DocumentRegistry::map)
            .optional();
    if (current.isEmpty()) {
      long version = in.version() == null ? 1 : in.version();
      jdbc.sql(
              "INSERT INTO documents (id, collection, version, content_hash, title, source_uri,"
                  + " content_type, status, chunk_count, job_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'INGESTING', ?, ?)")
          .params(
              in.documentId(),
              in.collection(),
              version,
              in.contentHash(),
              in.title(),
              in.sourceUri(),
              in.contentType(),
              in.chunkCount(),
              in.jobId())
          .update();
      return new VersionClaim(VersionClaim.Outcome.NEW, version, null);
    }
    DocumentRecord stored = current.get();
    boolean sameContent = stored.contentHash().equals(in.contentHash());
    boolean live = !stored.deleted() && !"FAILED".equals(stored.status());
    if (in.jobId().equals(stored.jobId()) && sameContent) {
      return new VersionClaim(VersionClaim.Outcome.RESUME, stored.version(), null);
    }
    long next;
    if (in.version() == null) {
      if (sameContent && live) {
        return new VersionClaim(VersionClaim.Outcome.UNCHANGED, stored.version(), null);
      }
      next = stored.version() + 1;
    } else if (in.version() > stored.version()) {
      next = in.version();
    } else if (in.version() == stored.version() && sameContent && live) {
      return new VersionClaim(VersionClaim.Outcome.UNCHANGED, stored.version(), null);
    } else if (in.version() == stored.version() && sameContent) {
      next = stored.version(); // a failed or deleted version delivered again: take it again
    } else {
      return new VersionClaim(
          VersionClaim.Outcome.STALE,
          stored.version(),
          "version "
              + in.version()
              + " is not newer than the stored version "
              + stored.version()
              + (stored.deleted() ? " (deleted)" : ""));
    }
    jdbc.sql(
            "UPDATE documents SET version = ?, content_hash = ?, title = ?, source_uri = ?,"
                + " content_type = ?, status = 'INGESTING', chunk_count = ?, job_id = ?,"
                + " updated_at = CURRENT_TIMESTAMP WHERE collection = ? AND id = ?")
        .params(
            next,
            in.contentHash(),
            in.title(),
            in.sourceUri(),
            in.contentType(),
            in.chunkCount(),
            in.jobId(),
            in.collection(),
            in.documentId())
        .update();
    return new VersionClaim(VersionClaim.Outcome.NEW, next, null);
  }

  public void indexed(String collection, String id, long version) {
    jdbc.sql(
            "UPDATE documents SET status = 'INDEXED', updated_at = CURRENT_TIMESTAMP"
                + " WHERE collection = ? AND id = ? AND version = ? AND status = 'INGESTING'")
        .params(collection, id, version)
        .update();
  }

  public void failed(String collection, String id, long version) {
    jdbc.sql(
            "UPDATE documents SET status = 'FAILED', updated_at = CURRENT_TIMESTAMP"
                + " WHERE collection = ? AND id = ? AND version = ?")
        .params(collection, id, version)
        .update();
  }

  /**
   * Marks a document deleted (keeping its version, so older producer versions stay stale) and
   * returns that version; empty when the document is unknown or already deleted.
   */
  public Optional<Long> delete(String collection, String id, String jobId) {
    return tx.execute(
        status -> {
          Optional<DocumentRecord> current =
              jdbc.sql(
                      "SELECT "
                          + COLUMNS
                          + " FROM documents WHERE collection = ? AND id = ? FOR UPDATE")
                  .params(collection, id)
                  .query(DocumentRegistry::map)
                  .optional();
          if (current.isEmpty() || current.get().deleted()) {
            return Optional.<Long>empty();
          }
          jdbc.sql(
                  "UPDATE documents SET status = 'DELETED', job_id = ?, updated_at = CURRENT_TIMESTAMP"
                      + " WHERE collection = ? AND id = ?")
              .params(jobId, collection, id)
              .update();
          return Optional.of(current.get().version());
        });
  }

  /** Records a producer delete of a version the registry may never have seen. */
  public void deleteUpTo(String collection, String id, long version, String jobId) {
    tx.executeWithoutResult(
        status -> {
          int updated =
              jdbc.sql(
                      "UPDATE documents SET status = 'DELETED', job_id = ?,"
                          + " version = CASE WHEN version < ? THEN ? ELSE version END,"
                          + " updated_at = CURRENT_TIMESTAMP WHERE collection = ? AND id = ? AND version <= ?")
                  .params(jobId, version, version, collection, id, version)
                  .update();
          if (updated == 0 && find(collection, id).isEmpty()) {
            jdbc.sql(
                    "INSERT INTO documents (id, collection, version, content_hash, status, job_id)"
                        + " VALUES (?, ?, ?, ?, 'DELETED', ?)")
                .params(id, collection, version, "-".repeat(64), jobId)
                .update();
          }
        });
  }

  private static DocumentRecord map(ResultSet rs, int row) throws SQLException {
    return new DocumentRecord(
        rs.getString("id"),
        rs.getString("collection"),
        rs.getLong("version"),
        rs.getString("content_hash"),
        rs.getString("title"),
        rs.getString("source_uri"),
        rs.getString("content_type"),
        rs.getString("status"),
        rs.getInt("chunk_count"),
        rs.getString("job_id"),
        rs.getObject("updated_at", OffsetDateTime.class));
  }
}
