package dev.rag.llm.tokenizer;

import dev.rag.llm.gguf.GgufMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Token strings, scores, types and special ids shared by both tokenizer kinds. */
public final class Vocabulary {
  private final String[] tokens;
  private final float[] scores;
  private final TokenType[] types;
  private final Map<String, Integer> ids;
  private final int bos;
  private final int eos;
  private final int unknown;
  private final boolean addBos;
  private final List<String> specialTexts;
  private final List<String> userDefinedTexts;

  public Vocabulary(
      String[] tokens,
      float[] scores,
      TokenType[] types,
      int bos,
      int eos,
      int unknown,
      boolean addBos) {
    this.tokens = tokens;
    this.scores = scores;
    this.types = types;
    this.bos = bos;
    this.eos = eos;
    this.unknown = unknown;
    this.addBos = addBos;
    this.ids = new HashMap<>(tokens.length * 2);
    List<String> special = new ArrayList<>();
    List<String> userDefined = new ArrayList<>();
    for (int i = 0; i < tokens.length; i++) {
      ids.putIfAbsent(tokens[i], i);
      if (tokens[i].isEmpty() || ids.get(tokens[i]) != i) {
        continue;
      }
      switch (types[i]) {
        case CONTROL, UNKNOWN -> special.add(tokens[i]);
        case USER_DEFINED -> {
          special.add(tokens[i]);
          userDefined.add(tokens[i]);
        }
        default -> {}
      }
    }
    special.sort((a, b) -> b.length() - a.length()); // longest match first
    userDefined.sort((a, b) -> b.length() - a.length());
    this.specialTexts = List.copyOf(special);
    this.userDefinedTexts = List.copyOf(userDefined);
  }

  public static Vocabulary fromGguf(GgufMetadata md) {
    String[] tokens = md.getStringArray("tokenizer.ggml.tokens");
    float[] scores = md.findFloatArray("tokenizer.ggml.scores").orElse(new float[tokens.length]);
    int[] typeIds = md.findIntArray("tokenizer.ggml.token_type").orElse(null);
    TokenType[] types = new TokenType[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      types[i] = typeIds == null ? TokenType.NORMAL : TokenType.fromId(typeIds[i]);
    }
    boolean addBos =
        md.get("tokenizer.ggml.add_bos_token")
            .map(v -> (Boolean) v)
            .orElse(md.getString("tokenizer.ggml.model").equals("llama"));
    return new Vocabulary(
        tokens,
        scores,
        types,
        md.getInt("tokenizer.ggml.bos_token_id", -1),
        md.getInt("tokenizer.ggml.eos_token_id", -1),
        md.getInt("tokenizer.ggml.unknown_token_id", -1),
        addBos);
  }

  public int size() {
    return tokens.length;
  }

  public String token(int id) {
    return tokens[id];
  }

  public float score(int id) {
    return scores[id];
  }

  public TokenType type(int id) {
    return types[id];
  }

  public int id(String token) {
    Integer id = ids.get(token);
    return id == null ? -1 : id;
  }

  public int bos() {
    return bos;
  }

  public int eos() {
    return eos;
  }

  public int unknown() {
    return unknown;
  }

  public boolean addBos() {
    return addBos;
  }

  /** Texts of control, unknown and user-defined tokens, longest first. */
  public List<String> specialTexts() {
    return specialTexts;
  }

  /**
   * Splits {@code text} into plain fragments and special-token ids: the result alternates between
   * {@code String} (to be tokenized normally) and {@code Integer} (a special token).
   *
   * <p>As in llama.cpp, user-defined tokens (added vocabulary such as a model's own markup) are
   * always matched as whole tokens; control and unknown tokens (e.g. {@code <s>}, {@code <unk>})
   * only when {@code parseSpecial} is set, so that user text cannot smuggle them in.
   */
  public List<Object> splitSpecial(String text, boolean parseSpecial) {
    List<Object> parts = new ArrayList<>();
    List<String> candidates = parseSpecial ? specialTexts : userDefinedTexts;
    if (candidates.isEmpty()) {
      parts.add(text);
      return parts;
    }
    int start = 0;
    int i = 0;
    outer:
    while (i < text.length()) {
      for (String s : candidates) {
        if (text.startsWith(s, i)) {
          if (i > start) {
            parts.add(text.substring(start, i));
          }
          parts.add(ids.get(s));
          i += s.length();
          start = i;
          continue outer;
        }
      }
      i++;
    }
    if (start < text.length()) {
      parts.add(text.substring(start));
    }
    return parts;
  }
}
