package dev.rag.retrieval.api;

import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.retrieval.MetadataCondition;
import dev.rag.retrieval.index.MetadataFilter;
import dev.rag.retrieval.index.MetadataFilters;
import dev.rag.retrieval.index.MetadataValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns a request's {@code filters} into checked {@link MetadataFilters}, or a validation problem
 * (field {@code filters}) that names the key and what is wrong with it. Limits keep one request
 * from building an unbounded query.
 */
final class MetadataFilterCheck {

  static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  static final int MAX_KEYS = 16;
  static final int MAX_VALUE = 512;
  static final int MAX_IN_VALUES = 100;

  private MetadataFilterCheck() {}

  static MetadataFilters check(Map<String, MetadataCondition> filters) {
    if (filters == null || filters.isEmpty()) {
      return MetadataFilters.none();
    }
    if (filters.size() > MAX_KEYS) {
      throw ApiException.invalid("filters", "at most " + MAX_KEYS + " filters per request")
          .with("limit", MAX_KEYS);
    }
    List<MetadataFilter> conditions = new ArrayList<>();
    new TreeMap<>(filters).forEach((key, condition) -> add(key, condition, conditions));
    return new MetadataFilters(conditions);
  }

  private static void add(String key, MetadataCondition condition, List<MetadataFilter> out) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw ApiException.invalid(
          "filters", "'" + key + "' is not a metadata key (" + KEY.pattern() + ")");
    }
    if (condition == null) {
      throw invalid(key, "must be a value or an object of operators, not null");
    }
    if (condition.eq() != null) {
      out.add(new MetadataFilter.Equals(key, value(key, "eq", condition.eq())));
    }
    if (condition.anyOf() != null) {
      List<String> values = condition.anyOf();
      if (values.isEmpty() || values.size() > MAX_IN_VALUES) {
        throw invalid(key, "'in' takes 1 to " + MAX_IN_VALUES + " values, got " + values.size());
      }
      values.forEach(v -> value(key, "in", v));
      out.add(new MetadataFilter.AnyOf(key, values));
    }
    range(key, condition).ifPresent(out::add);
    if (condition.exists() != null) {
      out.add(new MetadataFilter.Exists(key, condition.exists()));
    }
  }

  private static Optional<MetadataFilter> range(String key, MetadataCondition c) {
    Object lower = c.gt() != null ? c.gt() : c.gte();
    Object upper = c.lt() != null ? c.lt() : c.lte();
    if (c.gt() != null && c.gte() != null || c.lt() != null && c.lte() != null) {
      throw invalid(key, "give at most one lower bound (gt or gte) and one upper (lt or lte)");
    }
    if (lower == null && upper == null) {
      return Optional.empty();
    }
    boolean numeric =
        (lower == null || lower instanceof Number) && (upper == null || upper instanceof Number);
    if (numeric) {
      return Optional.of(
          new MetadataFilter.NumberRange(
              key, number(key, lower), c.gte() != null, number(key, upper), c.lte() != null));
    }
    if ((lower == null || lower instanceof String) && (upper == null || upper instanceof String)) {
      return Optional.of(
          new MetadataFilter.DateRange(
              key, date(key, lower), c.gte() != null, date(key, upper), c.lte() != null));
    }
    throw invalid(key, "range bounds must be both numbers or both ISO-8601 dates");
  }

  private static Double number(String key, Object bound) {
    if (bound == null) {
      return null;
    }
    double value = ((Number) bound).doubleValue();
    if (!Double.isFinite(value)) {
      throw invalid(key, "range bound " + bound + " is not a finite number");
    }
    return value;
  }

  private static Long date(String key, Object bound) {
    if (bound == null) {
      return null;
    }
    Long millis = MetadataValues.dateMillis((String) bound);
    if (millis == null) {
      throw invalid(
          key,
          "'"
              + bound
              + "' is not an ISO-8601 date (2024-03-01) or date-time with an offset"
              + " (2024-03-01T12:00:00Z); numeric bounds are JSON numbers");
    }
    return millis;
  }

  private static String value(String key, String operator, String value) {
    if (value == null || value.length() > MAX_VALUE) {
      throw invalid(
          key, "'" + operator + "' values must be strings of at most " + MAX_VALUE + " characters");
    }
    return value;
  }

  private static ApiException invalid(String key, String problem) {
    return ApiException.invalid("filters", "'" + key + "' " + problem).with("key", key);
  }
}
