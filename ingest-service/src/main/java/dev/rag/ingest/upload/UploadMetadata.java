package dev.rag.ingest.upload;

import dev.rag.contracts.json.EventJson;
import dev.rag.contracts.problem.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The metadata form fields of an upload: {@code metadata} (a JSON object for every file of the
 * request) and {@code metadata[<file name>]} (a JSON object for the file of that name, whose keys
 * win over the request's). Values may be strings, numbers or booleans and are kept as text (a
 * number as its JSON text, so {@code 2024} becomes {@code "2024"} and range filters read it back as
 * a number). Every mistake is a validation problem whose {@code field} names the form field.
 */
final class UploadMetadata {

  /** The form field for every file; {@code metadata[name]} is the per-file form. */
  static final String FIELD = "metadata";

  /** The keys retrieval filters accept. */
  static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  /** Keys the service sets on every chunk itself. */
  static final Set<String> RESERVED = Set.of("contentType", "fileName", "lastPage");

  static final int MAX_FIELD_CHARS = 16_384;
  static final int MAX_KEYS = 32;
  static final int MAX_VALUE_CHARS = 512;

  private final Map<String, String> common;
  private final Map<String, Map<String, String>> perFile;

  private UploadMetadata(Map<String, String> common, Map<String, Map<String, String>> perFile) {
    this.common = common;
    this.perFile = perFile;
  }

  /** Reads the metadata fields among the request's form fields (others are ignored here). */
  static UploadMetadata of(Map<String, String[]> parameters) {
    Map<String, String> common = Map.of();
    Map<String, Map<String, String>> perFile = new LinkedHashMap<>();
    for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
      String name = parameter.getKey();
      if (name.equals(FIELD)) {
        common = object(name, single(name, parameter.getValue()));
      } else if (name.startsWith(FIELD + "[") && name.endsWith("]")) {
        String file = name.substring(FIELD.length() + 1, name.length() - 1);
        if (file.isEmpty()) {
          throw ApiException.invalid(name, "name the file: metadata[<file name>]");
        }
        perFile.put(file, object(name, single(name, parameter.getValue())));
      }
    }
    return new UploadMetadata(common, perFile);
  }

  /** The metadata of one file: the request's, then the file's own on top. */
  Map<String, String> forFile(String fileName) {
    Map<String, String> merged = new TreeMap<>(common);
    merged.putAll(perFile.getOrDefault(fileName, Map.of()));
    if (merged.size() > MAX_KEYS) {
      throw ApiException.invalid(
              FIELD, "file '" + fileName + "' has " + merged.size() + " keys; at most " + MAX_KEYS)
          .with("limit", MAX_KEYS);
    }
    int chars = jsonLength(merged);
    if (chars > MAX_FIELD_CHARS) {
      throw ApiException.invalid(
              FIELD,
              "file '"
                  + fileName
                  + "' has "
                  + chars
                  + " characters of metadata (request and file together); at most "
                  + MAX_FIELD_CHARS)
          .with("limit", MAX_FIELD_CHARS);
    }
    return merged;
  }

  /** Rejects {@code metadata[<name>]} fields that name no file of the request. */
  void requireFiles(Set<String> fileNames) {
    for (String file : perFile.keySet()) {
      if (!fileNames.contains(file)) {
        throw ApiException.invalid(
            FIELD + "[" + file + "]",
            "names no file of this upload " + fileNames.stream().sorted().toList());
      }
    }
  }

  /** The stored JSON form's length, which the job item column bounds. */
  private static int jsonLength(Map<String, String> metadata) {
    return new String(EventJson.write(metadata), StandardCharsets.UTF_8).length();
  }

  private static String single(String name, String[] values) {
    if (values.length != 1) {
      throw ApiException.invalid(
          name, "give the field once, was given " + values.length + " times");
    }
    if (values[0].length() > MAX_FIELD_CHARS) {
      throw ApiException.invalid(
              name,
              values[0].length() + " characters; at most " + MAX_FIELD_CHARS + " are accepted")
          .with("limit", MAX_FIELD_CHARS);
    }
    return values[0];
  }

  private static Map<String, String> object(String name, String json) {
    JsonNode node;
    try {
      node = EventJson.mapper().readTree(json);
    } catch (JacksonException e) {
      throw ApiException.invalid(name, "is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw ApiException.invalid(name, "must be a JSON object of key: value");
    }
    if (node.size() > MAX_KEYS) {
      throw ApiException.invalid(name, node.size() + " keys; at most " + MAX_KEYS)
          .with("limit", MAX_KEYS);
    }
    Map<String, String> metadata = new TreeMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String key = entry.getKey();
      JsonNode value = entry.getValue();
      if (!KEY.matcher(key).matches()) {
        throw ApiException.invalid(
            name, "'" + key + "' is not a metadata key (" + KEY.pattern() + ")");
      }
      if (RESERVED.contains(key)) {
        throw ApiException.invalid(
            name,
            "'"
                + key
                + "' is set by the service; reserved keys: "
                + RESERVED.stream().sorted().toList());
      }
      if (!(value.isString() || value.isNumber() || value.isBoolean())) {
        throw ApiException.invalid(
            name,
            "the value of '"
                + key
                + "' must be a string, number or boolean, not "
                + value.getNodeType().name().toLowerCase(Locale.ROOT));
      }
      String text = value.isString() ? value.stringValue() : value.toString();
      if (text.length() > MAX_VALUE_CHARS) {
        throw ApiException.invalid(
                name,
                "the value of '"
                    + key
                    + "' has "
                    + text.length()
                    + " characters; at most "
                    + MAX_VALUE_CHARS)
            .with("limit", MAX_VALUE_CHARS);
      }
      metadata.put(key, text);
    }
    return metadata;
  }
}
