package db.retrieval;

import dev.rag.contracts.json.EventJson;
import dev.rag.retrieval.index.pgvector.TypedMetadata;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import tools.jackson.core.type.TypeReference;

/**
 * Adds the typed copies of chunk metadata that range filters compare ({@code metadata_numbers},
 * {@code metadata_dates}) and fills them for rows written before. Written in Java so that existing
 * rows are read by the very code that types new ones ({@link TypedMetadata}): a SQL re-statement of
 * "what is a number, what is a date" could drift from it.
 */
public class V2__typed_metadata extends BaseJavaMigration {

  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  @Override
  public void migrate(Context context) throws Exception {
    Connection connection = context.getConnection();
    try (Statement ddl = connection.createStatement()) {
      ddl.execute(
          "ALTER TABLE chunks ADD COLUMN metadata_numbers jsonb NOT NULL DEFAULT '{}'::jsonb");
      ddl.execute(
          "ALTER TABLE chunks ADD COLUMN metadata_dates jsonb NOT NULL DEFAULT '{}'::jsonb");
    }
    try (Statement select = connection.createStatement();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE chunks SET metadata_numbers = ?::jsonb, metadata_dates = ?::jsonb"
                    + " WHERE collection = ? AND chunk_id = ?")) {
      select.setFetchSize(1000);
      int pending = 0;
      try (ResultSet rows =
          select.executeQuery(
              "SELECT collection, chunk_id, metadata::text FROM chunks WHERE metadata <> '{}'")) {
        while (rows.next()) {
          Map<String, String> metadata =
              EventJson.mapper().readValue(rows.getString(3), STRING_MAP);
          update.setString(1, json(TypedMetadata.numbers(metadata)));
          update.setString(2, json(TypedMetadata.dates(metadata)));
          update.setString(3, rows.getString(1));
          update.setString(4, rows.getString(2));
          update.addBatch();
          if (++pending == 1000) {
            update.executeBatch();
            pending = 0;
          }
        }
      }
      if (pending > 0) {
        update.executeBatch();
      }
    }
  }

  private static String json(Map<String, ?> map) {
    return new String(EventJson.write(map), StandardCharsets.UTF_8);
  }
}
