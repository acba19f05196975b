package dev.rag.eval.ingestion;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names the collection an evaluation ingests into: {@code eval-<dataset>-<8 hex digits of the
 * corpus SHA-256>}, e.g. {@code eval-scifact-ae39e2b3}. Content-derived, so re-running on the same
 * corpus reuses the collection and a different corpus under the same folder name does not.
 */
public final class EvalCollection {

  /** The platform's collection name rule (ingest-service's {@code CollectionRegistry.NAME}). */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  private static final String PREFIX = "eval-";
  private static final int DIGEST_CHARS = 8;

  /** Room left for the dataset part: 64 - "eval-" - "-" - 8 hex digits. */
  private static final int MAX_DATASET_CHARS = 64 - PREFIX.length() - 1 - DIGEST_CHARS;

  private EvalCollection() {}

  /**
   * @param dataset the dataset name (any text; it is slugged to the allowed characters)
   * @param corpusSha256 hex digest of the corpus content, at least 8 hex digits
   */
  public static String name(String dataset, String corpusSha256) {
    if (corpusSha256 == null || !corpusSha256.matches("[0-9a-fA-F]{" + DIGEST_CHARS + ",}")) {
      throw new IllegalArgumentException(
          "corpusSha256 must be at least "
              + DIGEST_CHARS
              + " hex digits, was '"
              + corpusSha256
              + "'");
    }
    String name =
        PREFIX
            + slug(dataset)
            + "-"
            + corpusSha256.substring(0, DIGEST_CHARS).toLowerCase(Locale.ROOT);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalStateException(
          "derived collection name '" + name + "' breaks " + NAME.pattern());
    }
    return name;
  }

  /** Lower case; runs of other characters become one '-'; trimmed to the room left. */
  static String slug(String dataset) {
    String slug =
        (dataset == null ? "" : dataset)
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9_]+", "-")
            .replaceAll("^[-_]+|[-_]+$", "");
    if (slug.length() > MAX_DATASET_CHARS) {
      slug = slug.substring(0, MAX_DATASET_CHARS).replaceAll("[-_]+$", "");
    }
    return slug.isEmpty() ? "dataset" : slug;
  }
}
