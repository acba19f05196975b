package dev.rag.eval.answers;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an answer set: one JSON object a line, {@code {"question": "...", "answers": ["..."],
 * "documentId": "..."}} ({@code documentIds}, a list, when several documents hold the answer;
 * {@code "unanswerable": true} for questions the collection cannot answer; {@code "id"} optional).
 * Blank lines are skipped; anything else that is not such an object is an error naming the line.
 */
public final class AnswerSetReader {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private AnswerSetReader() {}

  public static List<AnswerItem> read(Path file) throws IOException {
    List<AnswerItem> items = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int line = 0;
      for (String text = reader.readLine(); text != null; text = reader.readLine()) {
        line++;
        if (!text.isBlank()) {
          items.add(item(file, line, text));
        }
      }
    }
    if (items.isEmpty()) {
      throw new IOException(file + " holds no questions");
    }
    return List.copyOf(items);
  }

  private static AnswerItem item(Path file, int line, String text) throws IOException {
    String where = file + " line " + line + ": ";
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JacksonException e) {
      throw new IOException(where + "not JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IOException(where + "expected a JSON object");
    }
    JsonNode question = node.get("question");
    if (question == null || !question.isString() || question.asString().isBlank()) {
      throw new IOException(where + "\"question\" must be a non-empty string");
    }
    String id = node.hasNonNull("id") ? node.get("id").asString() : "line " + line;
    Set<String> documents = new LinkedHashSet<>(strings(node, "documentIds", where));
    if (node.hasNonNull("documentId")) {
      documents.add(node.get("documentId").asString());
    }
    try {
      return new AnswerItem(
          id,
          question.asString(),
          strings(node, "answers", where),
          documents,
          node.path("unanswerable").asBoolean(false));
    } catch (IllegalArgumentException e) {
      throw new IOException(where + e.getMessage(), e);
    }
  }

  private static List<String> strings(JsonNode node, String field, String where)
      throws IOException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new IOException(where + "\"" + field + "\" must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode element : value) {
      if (!element.isString() || element.asString().isBlank()) {
        throw new IOException(where + "\"" + field + "\" must hold non-empty strings");
      }
      out.add(element.asString());
    }
    return out;
  }
}
