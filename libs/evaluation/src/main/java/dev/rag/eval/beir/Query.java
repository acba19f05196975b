package dev.rag.eval.beir;

/** One entry of {@code queries.jsonl}. */
public record Query(String id, String text) {

  public Query {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("query id must not be empty");
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("query '" + id + "' has no text");
    }
  }
}
