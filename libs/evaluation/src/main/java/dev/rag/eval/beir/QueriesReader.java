package dev.rag.eval.beir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads {@code queries.jsonl} (plain or gzip) into id → query, in file order. */
public final class QueriesReader {

  private QueriesReader() {}

  public static Map<String, Query> read(Path queries) throws IOException {
    Map<String, Query> byId = new LinkedHashMap<>();
    JsonLines.read(
        queries,
        JsonLines.open(queries),
        (node, line) -> {
          String id = JsonLines.id(queries, line, node);
          String text = JsonLines.text(node, "text");
          if (text.isBlank()) {
            throw new BeirFormatException(queries, line, "query '" + id + "' has no \"text\"");
          }
          if (byId.putIfAbsent(id, new Query(id, text)) != null) {
            throw new BeirFormatException(queries, line, "duplicate query id '" + id + "'");
          }
        });
    return Collections.unmodifiableMap(byId);
  }
}
