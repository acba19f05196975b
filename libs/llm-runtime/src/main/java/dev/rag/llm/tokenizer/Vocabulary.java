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

    public Vocabulary(String[] tokens, float[] scores, TokenType[] types, int bos, int eos, int unknown,
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
        for (int i = 0; i < tokens.length; i++) {
            ids.putIfAbsent(tokens[i], i);
            if ((types[i] == TokenType.CONTROL || types[i] == TokenType.USER_DEFINED) && !tokens[i].isEmpty()) {
                special.add(tokens[i]);
            }
        }
        special.sort((a, b) -> b.length() - a.length()); // longest match first
        this.specialTexts = List.copyOf(special);
    }

    public static Vocabulary fromGguf(GgufMetadata md) {
        String[] tokens = md.getStringArray("tokenizer.ggml.tokens");
        float[] scores = md.findFloatArray("tokenizer.ggml.scores").orElse(new float[tokens.length]);
        int[] typeIds = md.findIntArray("tokenizer.ggml.token_type").orElse(null);
        TokenType[] types = new TokenType[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            types[i] = typeIds == null ? TokenType.NORMAL : TokenType.fromId(typeIds[i]);
        }
        boolean addBos = md.get("tokenizer.ggml.add_bos_token").map(v -> (Boolean) v)
                .orElse(md.getString("tokenizer.ggml.model").equals("llama"));
        return new Vocabulary(tokens, scores, types, md.getInt("tokenizer.ggml.bos_token_id", -1),
                md.getInt("tokenizer.ggml.eos_token_id", -1), md.getInt("tokenizer.ggml.unknown_token_id", -1),
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

    /** Texts of control and user-defined tokens, longest first. */
    public List<String> specialTexts() {
        return specialTexts;
    }

    /**
     * Splits {@code text} into plain fragments and special-token ids: the result alternates between
     * {@code String} (to be tokenized normally) and {@code Integer} (a special token).
     */
    public List<Object> splitSpecial(String text, boolean parseSpecial) {
        List<Object> parts = new ArrayList<>();
        if (!parseSpecial || specialTexts.isEmpty()) {
            parts.add(text);
            return parts;
        }
        int start = 0;
        int i = 0;
        outer:
        while (i < text.length()) {
            for (String s : specialTexts) {
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
