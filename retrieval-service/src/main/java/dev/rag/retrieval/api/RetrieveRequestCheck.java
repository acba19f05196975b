package dev.rag.retrieval.api;

import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import dev.rag.contracts.retrieval.RetrievalMode;
import dev.rag.contracts.retrieval.RetrieveRequest;
import dev.rag.retrieval.config.RetrievalProperties;
import dev.rag.retrieval.search.RetrievalQuery;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a {@link RetrieveRequest} into a {@link RetrievalQuery}, or a validation problem that names
 * the field and the allowed range. Defaults come from {@code rag.retrieval.*}.
 */
final class RetrieveRequestCheck {

  /** The collection names ingest-service accepts. */
  static final Pattern COLLECTION = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  static final int MAX_COLLECTIONS = 32;
  static final int DEFAULT_K = 10;

  private final RetrievalProperties properties;

  RetrieveRequestCheck(RetrievalProperties properties) {
    this.properties = properties;
  }

  RetrievalQuery check(RetrieveRequest request) {
    if (request == null) {
      throw new ApiException(ProblemType.MALFORMED_REQUEST, "a JSON body is required");
    }
    return new RetrievalQuery(
        query(request.query(), properties.maxQueryChars()),
        collections(request),
        MetadataFilterCheck.check(request.filters()),
        range("k", request.k(), DEFAULT_K),
        request.mode() == null ? RetrievalMode.HYBRID : request.mode(),
        range("candidates", request.candidates(), properties.candidates()),
        range("efSearch", request.efSearch(), properties.efSearch()));
  }

  /**
   * The query text, stripped, or a problem naming the field: every endpoint that embeds a query
   * checks it here, so equal queries reach the query cache as equal strings.
   */
  static String query(String text, int maxChars) {
    if (text == null || text.isBlank()) {
      throw ApiException.invalid("query", "must not be empty");
    }
    if (text.length() > maxChars) {
      throw ApiException.invalid(
              "query", "has " + text.length() + " characters, at most " + maxChars + " are allowed")
          .with("limit", maxChars);
    }
    return text.strip();
  }

  private static Set<String> collections(RetrieveRequest request) {
    Set<String> names = new LinkedHashSet<>();
    if (request.collection() != null) {
      names.add(request.collection());
    }
    if (request.collections() != null) {
      names.addAll(request.collections());
    }
    if (names.isEmpty()) {
      throw ApiException.invalid(
          "collections", "name at least one collection (collection or collections)");
    }
    if (names.size() > MAX_COLLECTIONS) {
      throw ApiException.invalid(
          "collections", "at most " + MAX_COLLECTIONS + " collections per request");
    }
    for (String name : names) {
      if (name == null || !COLLECTION.matcher(name).matches()) {
        throw ApiException.invalid(
            "collections",
            "'" + name + "' is not a collection name (" + COLLECTION.pattern() + ")");
      }
    }
    return names;
  }

  private static int range(String field, Integer value, int defaultValue) {
    if (value == null) {
      return defaultValue;
    }
    if (value < 1 || value > 1000) {
      throw ApiException.invalid(field, "must be in [1, 1000], was " + value)
          .with("min", 1)
          .with("max", 1000);
    }
    return value;
  }
}
