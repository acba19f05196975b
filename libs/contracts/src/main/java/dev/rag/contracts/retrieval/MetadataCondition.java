package dev.rag.contracts.retrieval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * What one metadata key of a chunk must satisfy; the conditions given are combined with AND, and so
 * are the keys of a request's {@code filters}. JSON forms:
 *
 * <ul>
 *   <li>{@code "lang": "en"} — shorthand for {@code {"eq": "en"}} (a number or boolean is compared
 *       as its JSON text, {@code 2024} as {@code "2024"});
 *   <li>{@code {"in": ["en", "de"]}} — the value is one of these;
 *   <li>{@code {"gte": 2020, "lt": 2024}} — numeric range: JSON numbers; values that are not
 *       numbers never match;
 *   <li>{@code {"gte": "2024-01-01", "lt": "2024-07-01T12:00:00Z"}} — date range: ISO-8601 dates
 *       (midnight UTC) or date-times with an offset; values that are not such dates never match;
 *   <li>{@code {"exists": true}} / {@code {"exists": false}} — the key is present / absent.
 * </ul>
 *
 * Kinds of values are checked by retrieval-service (problem details naming the key); this record
 * only keeps what was sent.
 *
 * @param eq the value must equal this text
 * @param anyOf JSON {@code in}: the value must equal one of these
 * @param gt lower bound, exclusive: a {@link Number} or an ISO-8601 date {@link String}
 * @param gte lower bound, inclusive
 * @param lt upper bound, exclusive
 * @param lte upper bound, inclusive
 * @param exists true: the key must be present; false: absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonDeserialize(using = MetadataCondition.Reader.class)
public record MetadataCondition(
    String eq,
    @JsonProperty("in") List<String> anyOf,
    Object gt,
    Object gte,
    Object lt,
    Object lte,
    Boolean exists) {

  /** The operators of the object form. */
  public static final Set<String> OPERATORS =
      Set.of("eq", "in", "gt", "gte", "lt", "lte", "exists");

  public MetadataCondition {
    anyOf = anyOf == null ? null : List.copyOf(anyOf);
  }

  public static MetadataCondition equalTo(String value) {
    return new MetadataCondition(value, null, null, null, null, null, null);
  }

  public static MetadataCondition oneOf(List<String> values) {
    return new MetadataCondition(null, values, null, null, null, null, null);
  }

  /** A range; null bounds are open. */
  public static MetadataCondition range(Object gt, Object gte, Object lt, Object lte) {
    return new MetadataCondition(null, null, gt, gte, lt, lte, null);
  }

  public static MetadataCondition present(boolean exists) {
    return new MetadataCondition(null, null, null, null, null, null, exists);
  }

  /** Reads both JSON forms; a wrong shape is an {@link IllegalArgumentException} naming the key. */
  static final class Reader extends ValueDeserializer<MetadataCondition> {

    @Override
    public MetadataCondition deserialize(JsonParser parser, DeserializationContext context) {
      // On an object value the parser already stands in the value's own context.
      var context0 = parser.streamReadContext();
      if (parser.currentToken().isStructStart() && context0.getParent() != null) {
        context0 = context0.getParent();
      }
      String key = context0.currentName();
      String where = "filters." + (key == null ? "?" : key);
      JsonNode node = context.readTree(parser);
      if (node.isString() || node.isNumber() || node.isBoolean()) {
        return equalTo(scalar(node));
      }
      if (!node.isObject()) {
        throw new IllegalArgumentException(
            where
                + ": expected a value or an object of operators "
                + new java.util.TreeSet<>(OPERATORS));
      }
      if (node.isEmpty()) {
        throw new IllegalArgumentException(where + ": names no operator");
      }
      for (String name : node.propertyNames()) {
        if (!OPERATORS.contains(name)) {
          throw new IllegalArgumentException(
              where
                  + ": unknown operator '"
                  + name
                  + "' (allowed: eq, in, gt, gte, lt, lte, exists)");
        }
      }
      JsonNode eq = node.get("eq");
      if (eq != null && !(eq.isString() || eq.isNumber() || eq.isBoolean())) {
        throw new IllegalArgumentException(where + ".eq: expected a string, number or boolean");
      }
      JsonNode exists = node.get("exists");
      if (exists != null && !exists.isBoolean()) {
        throw new IllegalArgumentException(where + ".exists: expected true or false");
      }
      return new MetadataCondition(
          eq == null ? null : scalar(eq),
          anyOf(node.get("in"), where),
          bound(node.get("gt"), where + ".gt"),
          bound(node.get("gte"), where + ".gte"),
          bound(node.get("lt"), where + ".lt"),
          bound(node.get("lte"), where + ".lte"),
          exists == null ? null : exists.booleanValue());
    }

    private static String scalar(JsonNode node) {
      return node.isString() ? node.stringValue() : node.toString();
    }

    private static List<String> anyOf(JsonNode node, String where) {
      if (node == null) {
        return null;
      }
      if (!node.isArray()) {
        throw new IllegalArgumentException(where + ".in: expected an array of values");
      }
      List<String> values = new ArrayList<>();
      for (JsonNode element : node) {
        if (!(element.isString() || element.isNumber() || element.isBoolean())) {
          throw new IllegalArgumentException(
              where + ".in: expected strings, numbers or booleans, found " + element.getNodeType());
        }
        values.add(scalar(element));
      }
      return values;
    }

    private static Object bound(JsonNode node, String where) {
      if (node == null) {
        return null;
      }
      if (node.isNumber()) {
        return node.numberValue();
      }
      if (node.isString()) {
        return node.stringValue();
      }
      throw new IllegalArgumentException(where + ": expected a number or an ISO-8601 date");
    }
  }
}
