package dev.rag.ops.config;

import java.util.List;
import java.util.Locale;

/**
 * The environment variables Spring Boot binds to a property (its relaxed binding, as in {@code
 * SystemEnvironmentPropertyMapper}): dots become underscores and the name is upper-cased; dashes
 * are either dropped ({@code rag.ingest.max-upload-size} → {@code RAG_INGEST_MAXUPLOADSIZE}) or, in
 * the legacy form the README uses, become underscores ({@code RAG_INGEST_MAX_UPLOAD_SIZE}).
 */
public final class RelaxedNames {

  private RelaxedNames() {}

  /** Both variable names Boot reads for the property. */
  public static List<String> environmentNames(String property) {
    String indexed = property.replace("[", ".").replace("]", "");
    String dropped = indexed.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
    String legacy = indexed.replace('-', '_').replace('.', '_').toUpperCase(Locale.ROOT);
    return dropped.equals(legacy) ? List.of(dropped) : List.of(dropped, legacy);
  }

  /** Whether the variable binds to the property. */
  public static boolean binds(String variable, String property) {
    return environmentNames(property).contains(variable);
  }

  /**
   * Whether the variable binds to a key under a map-valued property (e.g. percentiles-histogram).
   */
  public static boolean bindsUnder(String variable, String mapProperty) {
    return environmentNames(mapProperty).stream()
        .anyMatch(prefix -> variable.startsWith(prefix + "_"));
  }

  /** {@code maxUploadSize} → {@code max-upload-size}, as Boot names record components. */
  public static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }
}
