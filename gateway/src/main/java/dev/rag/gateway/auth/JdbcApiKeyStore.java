package dev.rag.gateway.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Keys in PostgreSQL, table {@code gateway.api_keys} (created by Flyway, V1__api_keys.sql). */
public final class JdbcApiKeyStore implements ApiKeyStore {

  private static final String COLUMNS =
      "id, name, key_hash, role, collections, created_at, revoked_at";

  private final JdbcClient jdbc;

  public JdbcApiKeyStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<ApiKey> findByHash(String hash) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = ?")
        .param(hash)
        .query(JdbcApiKeyStore::row)
        .optional();
  }

  @Override
  public void add(ApiKey key) {
    jdbc.sql("INSERT INTO api_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")
        .params(
            key.id(),
            key.name(),
            key.hash(),
            key.role().wireName(),
            String.join(",", key.collections()),
            Timestamp.from(key.createdAt()),
            key.revokedAt() == null ? null : Timestamp.from(key.revokedAt()))
        .update();
  }

  @Override
  public List<ApiKey> list() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at DESC, id")
        .query(JdbcApiKeyStore::row)
        .list();
  }

  @Override
  public boolean revoke(String id, Instant at) {
    return jdbc.sql("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
            .params(Timestamp.from(at), id)
            .update()
        == 1;
  }

  private static ApiKey row(ResultSet rs, int rowNum) throws SQLException {
    Timestamp revoked = rs.getTimestamp("revoked_at");
    return new ApiKey(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("key_hash").strip(),
        Role.parse(rs.getString("role")),
        Arrays.asList(rs.getString("collections").split(",")),
        rs.getTimestamp("created_at").toInstant(),
        revoked == null ? null : revoked.toInstant());
  }
}
