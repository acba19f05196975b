package dev.rag.encoders.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two numbers of a HuggingFace {@code config.json} that inference needs.
 *
 * <p>Read with a pattern instead of a JSON library: both are top-level integers, and pulling a JSON
 * dependency into a library every service embeds is not worth two fields.
 *
 * @param maxPositionEmbeddings longest sequence the position table supports
 * @param hiddenSize width of the hidden states, if declared
 */
public record ModelConfig(int maxPositionEmbeddings, OptionalInt hiddenSize) {

  /** BERT's position table size, used when a model directory has no {@code config.json}. */
  public static final int DEFAULT_MAX_POSITIONS = 512;

  public ModelConfig {
    if (maxPositionEmbeddings < 5) {
      throw new IllegalArgumentException(
          "maxPositionEmbeddings " + maxPositionEmbeddings + " must be >= 5");
    }
    if (hiddenSize.isPresent() && hiddenSize.getAsInt() < 1) {
      throw new IllegalArgumentException("hiddenSize " + hiddenSize.getAsInt() + " must be >= 1");
    }
  }

  /** Defaults for a model without {@code config.json}. */
  public static ModelConfig defaults() {
    return new ModelConfig(DEFAULT_MAX_POSITIONS, OptionalInt.empty());
  }

  /** Reads {@code config.json}; missing fields fall back to the defaults. */
  public static ModelConfig read(Path configJson) {
    try {
      return parse(Files.readString(configJson));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + configJson, e);
    }
  }

  static ModelConfig parse(String json) {
    OptionalInt positions = intField(json, "max_position_embeddings");
    return new ModelConfig(positions.orElse(DEFAULT_MAX_POSITIONS), intField(json, "hidden_size"));
  }

  private static OptionalInt intField(String json, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\\d+)").matcher(json);
    return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }
}
