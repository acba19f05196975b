package dev.rag.contracts.retrieval;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which retrievers answer a query; {@code hybrid} fuses both with Reciprocal Rank Fusion. */
public enum RetrievalMode {
  BM25,
  DENSE,
  HYBRID;

  /** The wire name: lower case ({@code bm25}, {@code dense}, {@code hybrid}). */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name, case-insensitively; unknown names are an {@link IllegalArgumentException}.
   */
  @JsonCreator
  public static RetrievalMode parse(String value) {
    for (RetrievalMode mode : values()) {
      if (mode.wireName().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "mode must be one of bm25, dense, hybrid; was '" + value + "'");
  }
}
