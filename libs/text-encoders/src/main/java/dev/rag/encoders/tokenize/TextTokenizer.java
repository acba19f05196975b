package dev.rag.encoders.tokenize;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * BERT-style tokenization from a {@code tokenizer.json}, thread-safe (the native tokenizer is
 * immutable after loading).
 *
 * <p>Special tokens are added here rather than by the tokenizer's post-processor because
 * cross-encoders must truncate the passage only: the HuggingFace "longest first" strategy would cut
 * the query too. Content is therefore encoded without specials and assembled as {@code [CLS] a
 * [SEP]} or {@code [CLS] a [SEP] b [SEP]}, the layout of every BERT-family model.
 */
public final class TextTokenizer implements AutoCloseable {

  /** Smallest maximum length that still leaves room for one content token of each pair part. */
  public static final int MIN_MAX_LENGTH = 5;

  private final HuggingFaceTokenizer tokenizer;
  private final long clsId;
  private final long sepId;

  private TextTokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
    // Encoding an empty text with specials yields exactly [CLS, SEP] for the BERT template.
    long[] specials = tokenizer.encode("", true, false).getIds();
    if (specials.length != 2) {
      tokenizer.close();
      throw new IllegalArgumentException(
          "tokenizer.json post-processor must add exactly [CLS] and [SEP] "
              + "to a single text (BERT template); it added "
              + specials.length
              + " tokens");
    }
    this.clsId = specials[0];
    this.sepId = specials[1];
  }

  /**
   * Loads {@code tokenizer.json}; truncation and padding configured in the file are switched off.
   */
  public static TextTokenizer load(Path tokenizerJson) {
    if (!Files.isRegularFile(tokenizerJson)) {
      throw new IllegalArgumentException("tokenizer file not found: " + tokenizerJson);
    }
    try {
      Map<String, String> options =
          Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");
      return new TextTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, options));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load tokenizer " + tokenizerJson, e);
    }
  }

  /**
   * Encodes one text as {@code [CLS] text [SEP]}, truncating the text to {@code maxLength} tokens
   * in all.
   */
  public TokenizedInput encode(String text, int maxLength) {
    requireText(text, "text");
    requireMaxLength(maxLength);
    long[] content = contentIds(text);
    int kept = Math.min(content.length, maxLength - 2);
    long[] ids = new long[kept + 2];
    ids[0] = clsId;
    System.arraycopy(content, 0, ids, 1, kept);
    ids[kept + 1] = sepId;
    return new TokenizedInput(ids, new long[ids.length], kept < content.length);
  }

  /**
   * Encodes a cross-encoder pair as {@code [CLS] query [SEP] passage [SEP]} with token types 0 then
   * 1. Only the passage is truncated; a query too long to leave one passage token is rejected,
   * because scoring a cut query would silently rank against a different question.
   */
  public TokenizedInput encodePair(String query, String passage, int maxLength) {
    requireText(query, "query");
    requireText(passage, "passage");
    requireMaxLength(maxLength);
    long[] q = contentIds(query);
    long[] p = contentIds(passage);
    int room = maxLength - 3 - q.length;
    if (room < 1) {
      throw new IllegalArgumentException(
          "query has "
              + q.length
              + " tokens; at most "
              + (maxLength - 4)
              + " allowed for maximum length "
              + maxLength
              + " (query is never truncated)");
    }
    int kept = Math.min(p.length, room);
    int length = q.length + kept + 3;
    long[] ids = new long[length];
    long[] types = new long[length];
    ids[0] = clsId;
    System.arraycopy(q, 0, ids, 1, q.length);
    ids[q.length + 1] = sepId;
    System.arraycopy(p, 0, ids, q.length + 2, kept);
    ids[length - 1] = sepId;
    Arrays.fill(types, q.length + 2, length, 1L);
    return new TokenizedInput(ids, types, kept < p.length);
  }

  /** Number of content tokens of a text, special tokens excluded; 0 for an empty text. */
  public int countTokens(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    return text.isEmpty() ? 0 : contentIds(text).length;
  }

  /** Content tokens of a text with their character offsets in the text. */
  public List<TokenSpan> tokenSpans(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    if (text.isEmpty()) {
      return List.of();
    }
    Encoding encoding = tokenizer.encode(text, false, false);
    long[] ids = encoding.getIds();
    String[] tokens = encoding.getTokens();
    CharSpan[] spans = encoding.getCharTokenSpans();
    List<TokenSpan> result = new ArrayList<>(ids.length);
    for (int i = 0; i < ids.length; i++) {
      CharSpan span = spans[i];
      result.add(new TokenSpan(ids[i], tokens[i], span.getStart(), span.getEnd()));
    }
    return List.copyOf(result);
  }

  public long clsId() {
    return clsId;
  }

  public long sepId() {
    return sepId;
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  private long[] contentIds(String text) {
    return tokenizer.encode(text, false, false).getIds();
  }

  private static void requireText(String text, String what) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(what + " must not be null, empty or blank");
    }
  }

  private static void requireMaxLength(int maxLength) {
    if (maxLength < MIN_MAX_LENGTH) {
      throw new IllegalArgumentException(
          "maxLength " + maxLength + " must be >= " + MIN_MAX_LENGTH);
    }
  }
}
