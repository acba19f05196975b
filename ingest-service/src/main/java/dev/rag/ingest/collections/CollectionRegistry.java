package dev.rag.ingest.collections;

import dev.rag.contracts.problem.ApiException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code ingest.collections} table. */
@Component
public class CollectionRegistry {

  /** Lower-case letters, digits, '-' and '_', starting with a letter or digit, at most 64. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /**
   * A collection, how many live (not deleted) documents it holds and their chunks (each document's
   * newest version, as parsed).
   */
  public record CollectionView(
      String name, OffsetDateTime createdAt, long documents, long chunks) {}

  private final JdbcClient jdbc;

  public CollectionRegistry(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Rejects a name outside {@link #NAME} with a validation problem naming the rule. */
  public static String validName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw ApiException.invalid(
          "collection",
          "'"
              + name
              + "' must match "
              + NAME.pattern()
              + " (lower case, digits, '-', '_'; 1-64 chars)");
    }
    return name;
  }

  /** Whether the collection exists and is not deleted. */
  public boolean exists(String name) {
    return jdbc.sql("SELECT COUNT(*) FROM collections WHERE name = ? AND deleted_at IS NULL")
            .param(name)
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * Creates the collection unless it exists; true when this call created it. A deleted collection's
   * name is taken again by reviving its row, which keeps its documents' version history.
   */
  public boolean ensure(String name) {
    validName(name);
    if (exists(name)) {
      return false;
    }
    int revived =
        jdbc.sql(
                "UPDATE collections SET deleted_at = NULL, created_at = CURRENT_TIMESTAMP"
                    + " WHERE name = ? AND deleted_at IS NOT NULL")
            .param(name)
            .update();
    if (revived > 0) {
      return true;
    }
    try {
      jdbc.sql("INSERT INTO collections (name) VALUES (?)").param(name).update();
      return true;
    } catch (DuplicateKeyException e) {
      return false; // created concurrently: same outcome
    }
  }

  public List<CollectionView> list() {
    return jdbc.sql(
            """
            SELECT c.name, c.created_at,
                   (SELECT COUNT(*) FROM documents d
                     WHERE d.collection = c.name AND d.status <> 'DELETED') AS documents,
                   (SELECT COALESCE(SUM(d.chunk_count), 0) FROM documents d
                     WHERE d.collection = c.name AND d.status <> 'DELETED') AS chunks
              FROM collections c WHERE c.deleted_at IS NULL ORDER BY c.name""")
        .query(
            (rs, n) ->
                new CollectionView(
                    rs.getString(1),
                    rs.getObject(2, OffsetDateTime.class),
                    rs.getLong(3),
                    rs.getLong(4)))
        .list();
  }

  /**
   * Marks the collection deleted, under a row lock so that two deletes cannot both pass; false when
   * it does not exist or is already deleted. Runs in the caller's transaction.
   */
  public boolean markDeleted(String name) {
    List<String> live =
        jdbc.sql("SELECT name FROM collections WHERE name = ? AND deleted_at IS NULL FOR UPDATE")
            .param(name)
            .query(String.class)
            .list();
    if (live.isEmpty()) {
      return false;
    }
    jdbc.sql("UPDATE collections SET deleted_at = CURRENT_TIMESTAMP WHERE name = ?")
        .param(name)
        .update();
    return true;
  }

  public CollectionView find(String name) {
    return list().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> ApiException.notFound("collection", name));
  }
}
