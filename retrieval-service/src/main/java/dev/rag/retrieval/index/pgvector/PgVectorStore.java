package dev.rag.retrieval.index.pgvector;

import com.pgvector.PGvector;
import dev.rag.contracts.events.ChunkId;
import dev.rag.contracts.json.EventJson;
import dev.rag.retrieval.index.DenseHit;
import dev.rag.retrieval.index.DenseQuery;
import dev.rag.retrieval.index.DenseStore;
import dev.rag.retrieval.index.IndexBatch;
import dev.rag.retrieval.index.IndexOp;
import dev.rag.retrieval.index.IndexedChunk;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/**
 * Dense vectors in PostgreSQL + pgvector, searched through the HNSW index by cosine distance.
 *
 * <p>Each search runs in its own transaction with {@code SET LOCAL hnsw.ef_search} (the request's
 * candidate list) and {@code hnsw.iterative_scan = relaxed_order} (pgvector 0.8): with a selective
 * collection or metadata filter in the WHERE clause, the index scan keeps going until k rows pass
 * the filter instead of returning fewer; relaxed order is undone by taking the whole candidate list
 * and sorting it before the cut to k.
 *
 * <p>A search whose collections and filters leave few rows ({@link #exactSearchLimit}) is exact
 * instead, as Lucene's filtered vector search is: a graph walk would visit about that many vectors
 * anyway, and exact search cannot miss a vector the graph links poorly. Which plan PostgreSQL picks
 * otherwise depends on statistics autovacuum refreshes at its own pace.
 */
public final class PgVectorStore implements DenseStore {

  /** The dimension of {@code retrieval.chunks.embedding} (see the Flyway migration). */
  public static final int DIMENSION = 384;

  /** Filtered sets up to this many rows are always searched exactly (about 2 ms of distances). */
  static final int EXACT_SEARCH_MIN_ROWS = 2_000;

  /** ... and up to this many times the candidate list, about what a graph walk visits. */
  static final int EXACT_SEARCH_FACTOR = 10;

  /** The most rows that pass a search's filters for it to be exact. */
  static int exactSearchLimit(int candidates) {
    return Math.max(EXACT_SEARCH_MIN_ROWS, EXACT_SEARCH_FACTOR * candidates);
  }

  private static final String UPSERT =
      """
      INSERT INTO retrieval.chunks
        (collection, chunk_id, document_id, version, ordinal, model_id, embedding, metadata,
         metadata_numbers, metadata_dates)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb)
      ON CONFLICT (collection, chunk_id) DO NOTHING""";
  private static final String DELETE_RANGE =
      """
      DELETE FROM retrieval.chunks
      WHERE collection = ? AND document_id = ? AND version BETWEEN ? AND ?""";
  private static final String SAVE_OFFSET =
      """
      INSERT INTO retrieval.consumer_offsets (consumer_group, topic, partition, next_offset)
      VALUES (?, ?, ?, ?)
      ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset""";

  private final DataSource dataSource;
  private final String consumerGroup;

  /**
   * @param consumerGroup whose offsets this store records (several replicas may share a table)
   */
  public PgVectorStore(DataSource dataSource, String consumerGroup) {
    if (dataSource == null) {
      throw new IllegalArgumentException("dataSource must be present");
    }
    if (consumerGroup == null || consumerGroup.isBlank()) {
      throw new IllegalArgumentException("consumerGroup must not be blank");
    }
    this.dataSource = dataSource;
    this.consumerGroup = consumerGroup;
  }

  @Override
  public void apply(IndexBatch batch) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement upsert = connection.prepareStatement(UPSERT);
          PreparedStatement delete = connection.prepareStatement(DELETE_RANGE);
          PreparedStatement offsets = connection.prepareStatement(SAVE_OFFSET)) {
        int pending = 0;
        for (IndexOp op : batch.ops()) {
          if (op instanceof IndexOp.Upsert write) {
            bindUpsert(upsert, write.chunk());
            upsert.addBatch();
            pending++;
            continue;
          }
          // Order matters: buffered upserts must land before a delete that may cover them.
          if (pending > 0) {
            upsert.executeBatch();
            pending = 0;
          }
          switch (op) {
            case IndexOp.DeleteOlderVersions older ->
                bindDelete(delete, older.collection(), older.documentId(), 1, older.version() - 1);
            case IndexOp.DeleteDocument document ->
                bindDelete(
                    delete, document.collection(), document.documentId(), 1, document.version());
            case IndexOp.Upsert ignored -> throw new IllegalStateException("handled above");
          }
          delete.executeUpdate();
        }
        if (pending > 0) {
          upsert.executeBatch();
        }
        for (var offset : batch.offsets().entrySet()) {
          offsets.setString(1, consumerGroup);
          offsets.setString(2, offset.getKey().topic());
          offsets.setInt(3, offset.getKey().partition());
          offsets.setLong(4, offset.getValue());
          offsets.addBatch();
        }
        offsets.executeBatch();
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write the batch to pgvector: " + e.getMessage(), e);
    }
  }

  private static void bindUpsert(PreparedStatement statement, IndexedChunk chunk)
      throws SQLException {
    statement.setString(1, chunk.collection());
    statement.setString(2, chunk.id().toString());
    statement.setString(3, chunk.documentId());
    statement.setLong(4, chunk.version());
    statement.setInt(5, chunk.id().ordinal());
    statement.setString(6, chunk.modelId());
    statement.setObject(7, new PGvector(chunk.vector()));
    Map<String, String> metadata = chunk.chunk().metadata();
    statement.setString(8, json(metadata));
    statement.setString(9, json(TypedMetadata.numbers(metadata)));
    statement.setString(10, json(TypedMetadata.dates(metadata)));
  }

  private static void bindDelete(
      PreparedStatement statement,
      String collection,
      String documentId,
      long fromVersion,
      long toVersion)
      throws SQLException {
    statement.setString(1, collection);
    statement.setString(2, documentId);
    statement.setLong(3, fromVersion);
    statement.setLong(4, toVersion);
  }

  @Override
  public Map<TopicPartition, Long> committedOffsets() {
    String sql =
        "SELECT topic, partition, next_offset FROM retrieval.consumer_offsets WHERE consumer_group = ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, consumerGroup);
      Map<TopicPartition, Long> offsets = new HashMap<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          offsets.put(new TopicPartition(rows.getString(1), rows.getInt(2)), rows.getLong(3));
        }
      }
      return offsets;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read consumer offsets from pgvector: " + e.getMessage(), e);
    }
  }

  @Override
  public List<DenseHit> search(DenseQuery query) {
    if (!acceptsDimension(query.vector().length)) {
      throw new IllegalArgumentException(
          "query vector has dimension " + query.vector().length + ", the store holds " + DIMENSION);
    }
    PgMetadataFilter filter = PgMetadataFilter.of(query.filters());
    String where = " WHERE collection = ANY (?)" + filter.sql();
    int exactLimit = exactSearchLimit(query.candidates());
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        boolean exact = countUpTo(connection, where, filter, query, exactLimit + 1) <= exactLimit;
        if (!exact) {
          try (Statement settings = connection.createStatement()) {
            // SET cannot take bind parameters; the value is a validated int (DenseQuery).
            settings.execute("SET LOCAL hnsw.ef_search = " + query.candidates());
            settings.execute("SET LOCAL hnsw.iterative_scan = relaxed_order");
          }
        }
        String sql =
            exact
                // MATERIALIZED keeps the planner from ordering the subset through the HNSW index.
                ? "WITH subset AS MATERIALIZED (SELECT collection, chunk_id, embedding"
                    + " FROM retrieval.chunks"
                    + where
                    + ") SELECT collection, chunk_id, embedding <=> ? AS distance FROM subset"
                    + " ORDER BY distance LIMIT ?"
                // Relaxed order: the whole candidate list is taken, then sorted and cut to k.
                : "WITH found AS MATERIALIZED (SELECT collection, chunk_id,"
                    + " embedding <=> ? AS distance FROM retrieval.chunks"
                    + where
                    + " ORDER BY distance LIMIT ?) SELECT collection, chunk_id, distance"
                    + " FROM found ORDER BY distance LIMIT ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          int p = 1;
          if (!exact) {
            statement.setObject(p++, new PGvector(query.vector()));
          }
          p = bindWhere(statement, p, connection, filter, query);
          if (exact) {
            statement.setObject(p++, new PGvector(query.vector()));
          } else {
            statement.setInt(p++, query.candidates());
          }
          statement.setInt(p, query.k());
          return hits(statement);
        }
      } finally {
        connection.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("pgvector search failed: " + e.getMessage(), e);
    }
  }

  /** How many rows pass the search's WHERE clause, counting no further than {@code limit}. */
  private static long countUpTo(
      Connection connection, String where, PgMetadataFilter filter, DenseQuery query, int limit)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT count(*) FROM (SELECT 1 FROM retrieval.chunks" + where + " LIMIT ?) s")) {
      int p = bindWhere(statement, 1, connection, filter, query);
      statement.setInt(p, limit);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** Binds the collections and the metadata values from position {@code p}; the next position. */
  private static int bindWhere(
      PreparedStatement statement,
      int p,
      Connection connection,
      PgMetadataFilter filter,
      DenseQuery query)
      throws SQLException {
    statement.setArray(p++, connection.createArrayOf("text", query.collections().toArray()));
    for (Object value : filter.values()) {
      if (value instanceof String[] array) {
        statement.setArray(p++, connection.createArrayOf("text", array));
      } else {
        statement.setObject(p++, value);
      }
    }
    return p;
  }

  private static List<DenseHit> hits(PreparedStatement statement) throws SQLException {
    List<DenseHit> hits = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        hits.add(
            new DenseHit(
                rows.getString(1),
                ChunkId.parse(rows.getString(2)),
                (float) (1 - rows.getDouble(3))));
      }
    }
    return hits;
  }

  @Override
  public long count(String collection) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT count(*) FROM retrieval.chunks WHERE collection = ?")) {
      statement.setString(1, collection);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count chunks in pgvector: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean acceptsDimension(int dimension) {
    return dimension == DIMENSION;
  }

  /** The data source belongs to the application context. */
  @Override
  public void close() {}

  private static String json(Map<String, ?> map) {
    return new String(EventJson.write(map), StandardCharsets.UTF_8);
  }
}
