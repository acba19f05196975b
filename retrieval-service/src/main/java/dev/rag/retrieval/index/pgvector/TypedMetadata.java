package dev.rag.retrieval.index.pgvector;

import dev.rag.retrieval.index.MetadataValues;
import java.util.Map;
import java.util.TreeMap;

/**
 * The typed copies of a chunk's metadata that pgvector's range filters compare: the values that
 * {@link MetadataValues} reads as numbers, and as dates (epoch milliseconds).
 */
public final class TypedMetadata {

  private TypedMetadata() {}

  public static Map<String, Double> numbers(Map<String, String> metadata) {
    Map<String, Double> numbers = new TreeMap<>();
    metadata.forEach(
        (key, value) -> {
          Double number = MetadataValues.number(value);
          if (number != null) {
            numbers.put(key, number);
          }
        });
    return numbers;
  }

  public static Map<String, Long> dates(Map<String, String> metadata) {
    Map<String, Long> dates = new TreeMap<>();
    metadata.forEach(
        (key, value) -> {
          Long date = MetadataValues.dateMillis(value);
          if (date != null) {
            dates.put(key, date);
          }
        });
    return dates;
  }
}
