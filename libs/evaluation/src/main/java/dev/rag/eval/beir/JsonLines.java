package dev.rag.eval.beir;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Line-by-line JSON reading shared by the corpus and query readers. */
final class JsonLines {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** What a reader does with each object; {@code line} is 1-based. */
  interface LineHandler {
    void accept(JsonNode node, long line);
  }

  private JsonLines() {}

  /**
   * Opens a file, transparently gunzipping it when it starts with the gzip magic bytes (1f 8b): the
   * content decides, not the file name.
   */
  static InputStream open(Path file) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
  }

  /** Reads every non-blank line of {@code in} as one JSON object. */
  static void read(Path file, InputStream in, LineHandler handler) throws IOException {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      long line = 0;
      for (String text = reader.readLine(); text != null; text = reader.readLine()) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(text);
        } catch (JacksonException e) {
          throw new BeirFormatException(file, line, "not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
          throw new BeirFormatException(file, line, "expected a JSON object");
        }
        handler.accept(node, line);
      }
    }
  }

  /** A required id field: a non-empty string or a number (some exports write numeric ids). */
  static String id(Path file, long line, JsonNode node) {
    JsonNode id = node.get("_id");
    if (id == null || !(id.isString() || id.isNumber()) || id.asString().isEmpty()) {
      throw new BeirFormatException(file, line, "missing or empty \"_id\"");
    }
    return id.asString();
  }

  /** An optional string field; empty when absent or null. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "" : value.asString();
  }
}
