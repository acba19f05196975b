package dev.rag.retrieval.index;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The metadata conditions of a search, all of which must hold (empty: no condition). */
public record MetadataFilters(List<MetadataFilter> conditions) {

  private static final MetadataFilters NONE = new MetadataFilters(List.of());

  public MetadataFilters {
    conditions = List.copyOf(conditions);
  }

  public static MetadataFilters none() {
    return NONE;
  }

  /** Exact matches only (the original filter form). */
  public static MetadataFilters of(Map<String, String> exact) {
    if (exact == null || exact.isEmpty()) {
      return NONE;
    }
    return new MetadataFilters(
        new TreeMap<>(exact)
            .entrySet().stream()
                .<MetadataFilter>map(e -> new MetadataFilter.Equals(e.getKey(), e.getValue()))
                .toList());
  }

  public boolean isEmpty() {
    return conditions.isEmpty();
  }

  /** The reference meaning of the whole filter: every condition holds. */
  public boolean matches(Map<String, String> metadata) {
    return conditions.stream().allMatch(condition -> condition.matches(metadata));
  }
}
