package dev.rag.ingest.documents;

import dev.rag.contracts.problem.ApiException;
import dev.rag.ingest.registry.DocumentQuery;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/** Checks the query parameters of a document list; each mistake is a problem naming it. */
final class DocumentListQuery {

  static final int DEFAULT_SIZE = 50;
  static final int MAX_SIZE = 500;
  static final int MAX_QUERY_CHARS = 256;
  static final Set<String> STATES = Set.of("INGESTING", "INDEXED", "FAILED");

  private DocumentListQuery() {}

  static DocumentQuery check(Integer page, String cursor, Integer size, String text, String state) {
    if (page != null && cursor != null) {
      throw ApiException.invalid("cursor", "give either cursor or page, not both");
    }
    if (page != null && (page < 0 || page > 1_000_000)) {
      throw ApiException.invalid("page", "must be in [0, 1000000], was " + page);
    }
    int pageSize = size == null ? DEFAULT_SIZE : size;
    if (pageSize < 1 || pageSize > MAX_SIZE) {
      throw ApiException.invalid("size", "must be in [1, " + MAX_SIZE + "], was " + pageSize)
          .with("max", MAX_SIZE);
    }
    String q = text == null || text.isBlank() ? null : text.strip();
    if (q != null && q.length() > MAX_QUERY_CHARS) {
      throw ApiException.invalid("q", "at most " + MAX_QUERY_CHARS + " characters");
    }
    String status = state == null || state.isBlank() ? null : state.strip().toUpperCase();
    if (status != null && !STATES.contains(status)) {
      throw ApiException.invalid(
          "state", "'" + state + "' is not one of " + STATES.stream().sorted().toList());
    }
    return new DocumentQuery(
        page == null ? 0 : page, cursor == null ? null : after(cursor), pageSize, q, status);
  }

  /** The opaque cursor of the page that starts after {@code lastId}. */
  static String cursor(String lastId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
  }

  private static String after(String cursor) {
    try {
      String id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (id.isEmpty()) {
        throw new IllegalArgumentException("empty");
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("cursor", "is not a cursor this service wrote (use 'next')");
    }
  }
}
