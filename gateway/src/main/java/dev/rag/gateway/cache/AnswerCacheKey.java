package dev.rag.gateway.cache;

import dev.rag.gateway.epochs.IndexEpochs;
import dev.rag.gateway.tenant.ScopedBody;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two keys of a cacheable request. {@code scope} covers everything but the question: the
 * response form (JSON or stream), each collection with its index epoch (and the position of its
 * newest index event, see {@link IndexEpochs}, and its cache generation, see {@link
 * AnswerCache#invalidate}), and every other option (filters, max tokens, temperature, seed, ...) in
 * canonical form, so requests that differ in anything that could change the answer never share an
 * entry. {@code exact} adds the normalised question. Both are SHA-256 hex, so no caller text
 * reaches Redis key names. A conversation's earlier {@code messages} are options like any other, so
 * a follow-up never shares an entry with the same words asked alone or after other turns; and it
 * gets no semantic lookup ({@code question} null), since "And what about frozen ones?" means
 * whatever its history makes it mean, which its embedding does not show.
 *
 * @param scope where semantic neighbours are looked for
 * @param exact the entry of exactly this question
 * @param question the question as sent (embedded for the semantic lookup); null when the request
 *     carries earlier messages (exact lookups only)
 */
public record AnswerCacheKey(String scope, String exact, String question) {

  private static final Pattern SPACE = Pattern.compile("\\s+");
  private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[\\s?!.。？！]+$");

  /**
   * The key of an answer request, or null when it has no usable question (the upstream says why).
   */
  public static AnswerCacheKey of(ScopedBody body, IndexEpochs epochs) {
    return of(body, epochs, collection -> 0L);
  }

  /** The key with each collection's cache generation ({@code 0}: never invalidated). */
  public static AnswerCacheKey of(
      ScopedBody body, IndexEpochs epochs, java.util.function.ToLongFunction<String> generations) {
    JsonNode question = body.json().get("question");
    if (question == null || !question.isString() || question.asString().isBlank()) {
      return null;
    }
    ObjectNode options = body.json().deepCopy();
    options.remove("question");
    options.remove("collection");
    options.remove("collections");
    JsonNode history = options.get("messages");
    boolean followUp = history != null && history.isArray() && !history.isEmpty();
    if (history != null && history.isArray() && history.isEmpty()) {
      options.remove("messages"); // no earlier turns: the same question as one asked alone
    }
    JsonNode stream = options.remove("stream");
    boolean streamed = stream != null && stream.asBoolean(false);
    StringBuilder scope =
        new StringBuilder("answers/v1|").append(streamed ? "sse" : "json").append('|');
    for (String collection : new TreeSet<>(body.collections())) {
      scope.append(collection).append('@').append(epochs.stamp(collection));
      long generation = generations.applyAsLong(collection);
      if (generation > 0) {
        scope.append("#g").append(generation);
      }
      scope.append(',');
    }
    scope.append('|');
    canonical(options, scope);
    String scopeKey = sha256(scope.toString());
    String normalised = normalise(question.asString());
    return new AnswerCacheKey(
        scopeKey, sha256(scopeKey + "|" + normalised), followUp ? null : question.asString());
  }

  /**
   * Case, Unicode compatibility forms, runs of white space and trailing punctuation do not change a
   * question's meaning, so "What is X?" and " what is x " share an entry.
   */
  static String normalise(String question) {
    String folded = Normalizer.normalize(question, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    folded = SPACE.matcher(folded.strip()).replaceAll(" ");
    return TRAILING_PUNCTUATION.matcher(folded).replaceAll("");
  }

  /** JSON with object members sorted and nulls dropped: equal options, equal text. */
  private static void canonical(JsonNode node, StringBuilder out) {
    if (node instanceof ObjectNode object) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> member = it.next();
        if (!member.getValue().isNull()) {
          sorted.put(member.getKey(), member.getValue());
        }
      }
      out.append('{');
      sorted.forEach(
          (name, value) -> {
            out.append('"').append(name).append("\":");
            canonical(value, out);
            out.append(',');
          });
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      node.forEach(
          element -> {
            canonical(element, out);
            out.append(',');
          });
      out.append(']');
    } else {
      out.append(node.toString());
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
