package dev.rag.encoders.chunking;

import dev.rag.encoders.tokenize.TokenSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a range of text into contiguous pieces: always into sentences (through paragraphs and lines;
 * sentence ends as {@link SentenceSplitter} finds them), and a sentence over the limits further
 * into words and, as a last resort, into runs of tokens. Pieces cover the range exactly (a
 * separator stays with the piece it ends), so offsets survive packing, and each piece remembers how
 * strong the break after it is, so the packer can prefer to end a chunk at a paragraph rather than
 * inside one.
 */
final class Segmenter {

  /** Break strengths, strongest first: where a piece ends. */
  static final int PARAGRAPH = 0;

  static final int LINE = 1;
  static final int SENTENCE = 2;
  static final int WORD = 3;
  static final int TOKEN = 4;

  /**
   * A piece of text {@code [start, end)}, its token count and the strength of the break at its end
   * ({@link #PARAGRAPH} .. {@link #TOKEN}).
   */
  record Piece(int start, int end, int tokens, int breakAfter) {}

  /**
   * Separators of the levels PARAGRAPH, LINE, WORD; sentences end where {@link SentenceSplitter}
   * says.
   */
  private static final Pattern PARAGRAPH_SEPARATOR =
      Pattern.compile("\\n[ \\t\\x0B\\f\\r]*\\n\\s*");

  private static final Pattern LINE_SEPARATOR = Pattern.compile("\\n");
  private static final Pattern WORD_SEPARATOR = Pattern.compile("\\s+");

  /**
   * Longest paragraph tokenized in one call and then counted piece by piece from the token offsets
   * (one tokenizer call per paragraph instead of one per sentence: 10x faster). Counts of pieces
   * cut at whitespace add up, so this is exact for sentences and words.
   */
  static final int MAX_PARAGRAPH_CHARS = 64 * 1024;

  private final String text;
  private final TokenCounter counter;
  private final int tokenLimit;
  private final int charLimit;

  /** Absolute start offsets of the tokens of the paragraph [cachedFrom, cachedTo). */
  private int[] tokenStarts = new int[0];

  private int cachedFrom = -1;
  private int cachedTo = -1;

  Segmenter(String text, TokenCounter counter, int tokenLimit, int charLimit) {
    this.text = text;
    this.counter = counter;
    this.tokenLimit = tokenLimit;
    this.charLimit = charLimit;
  }

  List<Piece> segment(int start, int end) {
    List<Piece> pieces = new ArrayList<>();
    segment(start, end, PARAGRAPH, PARAGRAPH, pieces);
    return pieces;
  }

  private void segment(int start, int end, int level, int breakAfter, List<Piece> out) {
    if (start >= end) {
      return;
    }
    if (text.substring(start, end).isBlank()) {
      out.add(new Piece(start, end, 0, breakAfter));
      return;
    }
    if (level == LINE && end - start <= MAX_PARAGRAPH_CHARS) {
      cacheTokens(start, end);
    }
    if (level > SENTENCE && end - start <= charLimit) {
      int tokens = count(start, end);
      if (tokens <= tokenLimit) {
        out.add(new Piece(start, end, tokens, breakAfter));
        return;
      }
    }
    if (level == TOKEN) {
      splitByTokens(start, end, breakAfter, out);
      return;
    }
    List<int[]> parts = split(start, end, separators(start, end, level));
    for (int i = 0; i < parts.size(); i++) {
      int[] part = parts.get(i);
      segment(part[0], part[1], level + 1, i == parts.size() - 1 ? breakAfter : level, out);
    }
  }

  private void cacheTokens(int start, int end) {
    List<TokenSpan> spans = counter.tokenSpans(text.substring(start, end));
    tokenStarts = new int[spans.size()];
    for (int i = 0; i < tokenStarts.length; i++) {
      tokenStarts[i] = start + spans.get(i).start();
    }
    cachedFrom = start;
    cachedTo = end;
  }

  private int count(int start, int end) {
    if (start >= cachedFrom && end <= cachedTo) {
      return firstAtOrAfter(end) - firstAtOrAfter(start);
    }
    return counter.countTokens(text.substring(start, end));
  }

  private int firstAtOrAfter(int offset) {
    int index = java.util.Arrays.binarySearch(tokenStarts, offset);
    if (index < 0) {
      return -index - 1;
    }
    while (index > 0 && tokenStarts[index - 1] == offset) {
      index--;
    }
    return index;
  }

  /** Where the text of {@code [start, end)} may be cut at {@code level}. */
  private List<SentenceSplitter.Separator> separators(int start, int end, int level) {
    if (level == SENTENCE) {
      return SentenceSplitter.separators(text, start, end);
    }
    Pattern pattern =
        switch (level) {
          case PARAGRAPH -> PARAGRAPH_SEPARATOR;
          case LINE -> LINE_SEPARATOR;
          default -> WORD_SEPARATOR;
        };
    List<SentenceSplitter.Separator> separators = new ArrayList<>();
    Matcher matcher = pattern.matcher(text).region(start, end);
    while (matcher.find()) {
      separators.add(new SentenceSplitter.Separator(matcher.start(), matcher.end()));
    }
    return separators;
  }

  /** Ranges between separators, each separator kept at the end of the range before it. */
  private static List<int[]> split(
      int start, int end, List<SentenceSplitter.Separator> separators) {
    List<int[]> parts = new ArrayList<>();
    int from = start;
    for (SentenceSplitter.Separator separator : separators) {
      if (separator.start() > from) {
        parts.add(new int[] {from, separator.end()});
        from = separator.end();
      }
    }
    if (from < end) {
      parts.add(new int[] {from, end});
    }
    return parts;
  }

  /**
   * The last resort for a "word" over the limits (a URL, base64, a language without spaces):
   * windows of at most {@code charLimit} characters, each cut at token starts into runs of at most
   * {@code tokenLimit} tokens. The character bound matters: WordPiece maps any word over 100
   * characters to one [UNK] token, so tokens alone would let a megabyte through.
   */
  private void splitByTokens(int start, int end, int breakAfter, List<Piece> out) {
    int windowStart = start;
    while (windowStart < end) {
      int windowEnd = Math.min(end, windowStart + charLimit);
      if (windowEnd < end && Character.isHighSurrogate(text.charAt(windowEnd - 1))) {
        windowEnd--; // never cut a surrogate pair in two
      }
      List<TokenSpan> spans = counter.tokenSpans(text.substring(windowStart, windowEnd));
      int pieceStart = windowStart;
      int tokens = 0;
      for (TokenSpan span : spans) {
        if (tokens == tokenLimit) {
          int cut = windowStart + span.start();
          out.add(new Piece(pieceStart, cut, tokens, TOKEN));
          pieceStart = cut;
          tokens = 0;
        }
        tokens++;
      }
      out.add(new Piece(pieceStart, windowEnd, tokens, windowEnd == end ? breakAfter : TOKEN));
      windowStart = windowEnd;
    }
  }
}
