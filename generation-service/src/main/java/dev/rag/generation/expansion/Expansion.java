package dev.rag.generation.expansion;

import dev.rag.contracts.problem.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which query expansions one answer's retrieval runs: a request may choose them ({@code
 * "expansions": ["hyde", "multi-query"]}, or {@code []} for none) instead of {@code
 * rag.generation.retrieval.hyde} / {@code .multi-query}, so that an evaluation can compare them on
 * one running platform.
 *
 * @param hyde retrieve (dense) with a hypothetical answer the model writes
 * @param multiQuery retrieve with the model's rewrites of the question
 */
public record Expansion(boolean hyde, boolean multiQuery) {

  public static final String HYDE = "hyde";
  public static final String MULTI_QUERY = "multi-query";

  /** No expansion: the question's own search alone. */
  public static final Expansion NONE = new Expansion(false, false);

  /** What the service is configured to run. */
  public static Expansion configured(ExpansionProperties properties) {
    return new Expansion(properties.hyde(), properties.multiQuery());
  }

  /**
   * The expansions a request names; null when it names none (the configured ones apply).
   *
   * @throws ApiException (400, field {@code expansions}) for a name other than {@value #HYDE} and
   *     {@value #MULTI_QUERY}
   */
  public static Expansion requested(List<String> names) {
    if (names == null) {
      return null;
    }
    boolean hyde = false;
    boolean multiQuery = false;
    for (String name : names) {
      if (HYDE.equals(name)) {
        hyde = true;
      } else if (MULTI_QUERY.equals(name)) {
        multiQuery = true;
      } else {
        throw ApiException.invalid(
            "expansions",
            (name == null ? "null" : "'" + shortened(name) + "'")
                + " is not an expansion; known: "
                + HYDE
                + ", "
                + MULTI_QUERY);
      }
    }
    return new Expansion(hyde, multiQuery);
  }

  /** True when any expansion runs. */
  public boolean any() {
    return hyde || multiQuery;
  }

  /** The names of the expansions that run, as a request spells them. */
  public List<String> names() {
    List<String> names = new ArrayList<>(2);
    if (hyde) {
      names.add(HYDE);
    }
    if (multiQuery) {
      names.add(MULTI_QUERY);
    }
    return names;
  }

  /** An echo of a bad value is cut short: the problem detail is no place for a megabyte. */
  private static String shortened(String name) {
    return name.length() <= 40 ? name : name.substring(0, 40) + "…";
  }
}
