package dev.rag.retrieval.index;

import java.util.List;
import java.util.Map;

/**
 * One checked condition on one metadata key. {@link #matches} is the reference meaning; each store
 * translates the same conditions into its own query language and {@code DenseStoreContractTest}
 * holds them to this method.
 */
public sealed interface MetadataFilter {

  String key();

  /** Whether a chunk with this metadata satisfies the condition. */
  boolean matches(Map<String, String> metadata);

  /** The value equals {@code value} exactly. */
  record Equals(String key, String value) implements MetadataFilter {
    @Override
    public boolean matches(Map<String, String> metadata) {
      return value.equals(metadata.get(key));
    }
  }

  /** The value equals one of {@code values}. */
  record AnyOf(String key, List<String> values) implements MetadataFilter {
    public AnyOf {
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("an 'in' condition needs at least one value");
      }
    }

    @Override
    public boolean matches(Map<String, String> metadata) {
      String value = metadata.get(key);
      return value != null && values.contains(value); // List.copyOf's contains(null) throws
    }
  }

  /** The value is a number ({@link MetadataValues#number}) within the bounds (null: open). */
  record NumberRange(
      String key, Double lower, boolean lowerInclusive, Double upper, boolean upperInclusive)
      implements MetadataFilter {
    @Override
    public boolean matches(Map<String, String> metadata) {
      Double value = MetadataValues.number(metadata.get(key));
      return value != null
          && (lower == null || (lowerInclusive ? value >= lower : value > lower))
          && (upper == null || (upperInclusive ? value <= upper : value < upper));
    }
  }

  /** The value is a date ({@link MetadataValues#dateMillis}) within the bounds (epoch ms). */
  record DateRange(
      String key, Long lower, boolean lowerInclusive, Long upper, boolean upperInclusive)
      implements MetadataFilter {
    @Override
    public boolean matches(Map<String, String> metadata) {
      Long value = MetadataValues.dateMillis(metadata.get(key));
      return value != null
          && (lower == null || (lowerInclusive ? value >= lower : value > lower))
          && (upper == null || (upperInclusive ? value <= upper : value < upper));
    }
  }

  /** The key is present ({@code present}) or absent. */
  record Exists(String key, boolean present) implements MetadataFilter {
    @Override
    public boolean matches(Map<String, String> metadata) {
      return metadata.containsKey(key) == present;
    }
  }
}
