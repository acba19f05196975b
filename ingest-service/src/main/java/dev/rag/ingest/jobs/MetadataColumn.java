package dev.rag.ingest.jobs;

import dev.rag.contracts.json.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.type.TypeReference;

/** A job item's metadata as the JSON text in {@code job_items.metadata} (null when none). */
final class MetadataColumn {

  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private MetadataColumn() {}

  static String write(Map<String, String> metadata) {
    return new String(EventJson.write(metadata), StandardCharsets.UTF_8);
  }

  static Map<String, String> read(String column) {
    return column == null ? Map.of() : EventJson.mapper().readValue(column, STRING_MAP);
  }
}
