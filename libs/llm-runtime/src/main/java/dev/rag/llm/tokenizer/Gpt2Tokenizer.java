package dev.rag.llm.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2 byte-level BPE ({@code tokenizer.ggml.model = gpt2}, used by Llama 3 and Qwen2): the text
 * is split by a pre-tokenizer regex, each piece's UTF-8 bytes are mapped to printable characters,
 * and ranked merges ({@code tokenizer.ggml.merges}, lowest rank first) join them into tokens.
 */
public final class Gpt2Tokenizer extends VocabularyTokenizer {
  static final String GPT2_PATTERN =
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
  static final String LLAMA3_PATTERN =
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
          + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
  static final String QWEN2_PATTERN =
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
          + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

  private final Map<String, Integer> mergeRanks = new HashMap<>();
  private final Pattern preTokenizer;
  private final char[] byteToChar = new char[256];
  private final Map<Character, Integer> charToByte = new HashMap<>();
  private final byte[][] tokenBytes;

  /**
   * @param pre {@code tokenizer.ggml.pre}: llama-bpe/llama3, qwen2, anything else = GPT-2
   */
  public Gpt2Tokenizer(Vocabulary vocab, String[] merges, String pre) {
    super(vocab);
    for (int i = 0; i < merges.length; i++) {
      mergeRanks.put(merges[i], i);
    }
    String pattern =
        switch (pre) {
          case "llama-bpe", "llama3", "llama-v3" -> LLAMA3_PATTERN;
          case "qwen2" -> QWEN2_PATTERN;
          default -> GPT2_PATTERN;
        };
    this.preTokenizer = Pattern.compile(pattern, Pattern.UNICODE_CHARACTER_CLASS);
    // GPT-2's reversible byte -> printable character table.
    int extra = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174);
      byteToChar[b] = (char) (printable ? b : 256 + extra++);
      charToByte.put(byteToChar[b], b);
    }
    this.tokenBytes = new byte[vocab.size()][];
    for (int i = 0; i < vocab.size(); i++) {
      tokenBytes[i] = bytesOf(i);
    }
  }

  private byte[] bytesOf(int id) {
    TokenType type = vocab.type(id);
    if (type == TokenType.CONTROL || type == TokenType.UNUSED) {
      return new byte[0];
    }
    String piece = vocab.token(id);
    if (type == TokenType.USER_DEFINED) {
      return piece.getBytes(StandardCharsets.UTF_8);
    }
    byte[] out = new byte[piece.length()];
    for (int i = 0; i < piece.length(); i++) {
      Integer b = charToByte.get(piece.charAt(i));
      if (b == null) {
        return piece.getBytes(StandardCharsets.UTF_8); // not byte-mapped: take it literally
      }
      out[i] = (byte) (int) b;
    }
    return out;
  }

  /** The printable character GPT-2 uses for byte {@code b}. */
  public String mappedByte(int b) {
    return String.valueOf(byteToChar[b & 0xFF]);
  }

  /** The pre-tokenizer's split of {@code text} (before byte mapping and merges). */
  public List<String> preTokenize(String text) {
    List<String> words = new ArrayList<>();
    Matcher m = preTokenizer.matcher(text);
    while (m.find()) {
      words.add(m.group());
    }
    return words;
  }

  @Override
  public int[] encode(String text, boolean addBos, boolean parseSpecial) {
    List<Integer> out = new ArrayList<>();
    if (addBos && vocab.bos() >= 0) {
      out.add(vocab.bos());
    }
    for (Object part : vocab.splitSpecial(text, parseSpecial)) {
      if (part instanceof Integer id) {
        out.add(id);
        continue;
      }
      Matcher m = preTokenizer.matcher((String) part);
      while (m.find()) {
        encodeWord(m.group(), out);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private void encodeWord(String word, List<Integer> out) {
    byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
    List<String> parts = new ArrayList<>(bytes.length);
    for (byte b : bytes) {
      parts.add(String.valueOf(byteToChar[b & 0xFF]));
    }
    // Repeatedly merge the adjacent pair with the lowest merge rank.
    while (parts.size() > 1) {
      int best = -1;
      int bestRank = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < parts.size(); i++) {
        Integer rank = mergeRanks.get(parts.get(i) + " " + parts.get(i + 1));
        if (rank != null && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      parts.set(best, parts.get(best) + parts.remove(best + 1));
    }
    for (String p : parts) {
      int id = vocab.id(p);
      if (id >= 0) {
        out.add(id);
      } else {
        for (char ch : p.toCharArray()) { // every single mapped byte should be a token
          int single = vocab.id(String.valueOf(ch));
          out.add(single >= 0 ? single : Math.max(vocab.unknown(), 0));
        }
      }
    }
  }

  @Override
  public byte[] tokenBytes(int token) {
    return tokenBytes[token];
  }

  @Override
  public boolean stripsLeadingSpaceAfterBos() {
    return false;
  }
}
