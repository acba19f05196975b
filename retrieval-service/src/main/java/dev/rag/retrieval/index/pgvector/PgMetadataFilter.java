package dev.rag.retrieval.index.pgvector;

import dev.rag.contracts.json.EventJson;
import dev.rag.retrieval.index.MetadataFilter;
import dev.rag.retrieval.index.MetadataFilters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Metadata conditions as a SQL {@code WHERE} fragment with its bind values. Exact matches become
 * one containment test ({@code metadata @> ?}, served by the GIN index); ranges compare the typed
 * copies {@code metadata_numbers} and {@code metadata_dates}, which hold only what {@link
 * dev.rag.retrieval.index.MetadataValues} reads as a number or date, so the casts never fail and
 * the meaning is the Lucene index's.
 *
 * @param sql {@code AND ...} clauses (empty when there is no condition)
 * @param values the bind values in order: String, String[], Double or Long
 */
record PgMetadataFilter(String sql, List<Object> values) {

  static PgMetadataFilter of(MetadataFilters filters) {
    StringBuilder sql = new StringBuilder();
    List<Object> values = new ArrayList<>();
    Map<String, String> exact = new TreeMap<>();
    for (MetadataFilter condition : filters.conditions()) {
      switch (condition) {
        case MetadataFilter.Equals equals -> {
          String previous = exact.putIfAbsent(equals.key(), equals.value());
          if (previous != null && !previous.equals(equals.value())) {
            sql.append(" AND FALSE"); // one key cannot equal two values
          }
        }
        case MetadataFilter.AnyOf anyOf -> {
          sql.append(" AND (metadata ->> ?) = ANY (?)");
          values.add(anyOf.key());
          values.add(anyOf.values().toArray(String[]::new));
        }
        case MetadataFilter.Exists exists -> {
          sql.append(" AND (metadata ->> ?) IS ").append(exists.present() ? "NOT NULL" : "NULL");
          values.add(exists.key());
        }
        case MetadataFilter.NumberRange range ->
            bounds(
                sql,
                values,
                "(metadata_numbers ->> ?)::float8",
                range.key(),
                range.lower(),
                range.lowerInclusive(),
                range.upper(),
                range.upperInclusive());
        case MetadataFilter.DateRange range ->
            bounds(
                sql,
                values,
                "(metadata_dates ->> ?)::bigint",
                range.key(),
                range.lower(),
                range.lowerInclusive(),
                range.upper(),
                range.upperInclusive());
      }
    }
    if (!exact.isEmpty()) {
      sql.insert(0, " AND metadata @> ?::jsonb");
      values.addFirst(new String(EventJson.write(exact), StandardCharsets.UTF_8));
    }
    return new PgMetadataFilter(sql.toString(), values);
  }

  private static void bounds(
      StringBuilder sql,
      List<Object> values,
      String column,
      String key,
      Object lower,
      boolean lowerInclusive,
      Object upper,
      boolean upperInclusive) {
    if (lower == null && upper == null) {
      sql.append(" AND ").append(column).append(" IS NOT NULL");
      values.add(key);
    }
    if (lower != null) {
      sql.append(" AND ").append(column).append(lowerInclusive ? " >= ?" : " > ?");
      values.add(key);
      values.add(lower);
    }
    if (upper != null) {
      sql.append(" AND ").append(column).append(upperInclusive ? " <= ?" : " < ?");
      values.add(key);
      values.add(upper);
    }
  }
}
