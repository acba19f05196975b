package dev.rag.encoders.chunking;

import dev.rag.encoders.tokenize.TokenSpan;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a {@link StructuredDocument} into chunks measured in the embedding model's tokens.
 *
 * <p>Sections are never mixed in one chunk, so each chunk has one section path. Inside a section
 * the text is split recursively ({@link Segmenter}: paragraphs, lines, sentences, words, tokens —
 * only as deep as a piece exceeds the target) and the pieces are packed greedily up to {@link
 * ChunkingOptions#targetTokens()}. The next chunk starts with the last pieces of the previous one
 * whose tokens fit in {@link ChunkingOptions#overlapTokens()}, so the overlap is made of whole
 * sentences (or lines, ...) rather than cut words. Table rows are whole pieces ({@link
 * TableRowPieces}), so chunks of a table start and end between rows.
 *
 * <p>Token counts of pieces add up because a BERT pre-tokenizer never merges across whitespace or
 * punctuation, where pieces are cut; each chunk is nevertheless counted again as a whole and a
 * chunk above {@link ChunkingOptions#maxTokens()} (only possible for cuts inside a word) is cut
 * again at token boundaries, so no chunk is ever truncated by the model.
 *
 * <p>Thread-safe if its {@link TokenCounter} is; deterministic for a given document and options.
 */
public final class DocumentChunker {

  private final TokenCounter counter;
  private final ChunkingOptions options;

  public DocumentChunker(TokenCounter counter, ChunkingOptions options) {
    if (counter == null || options == null) {
      throw new IllegalArgumentException("counter and options must not be null");
    }
    this.counter = counter;
    this.options = options;
  }

  public ChunkingOptions options() {
    return options;
  }

  /** The document's chunks, ordinals 0..n-1 in text order; empty when it has no text. */
  public List<TextChunk> chunk(StructuredDocument document) {
    List<TextChunk> chunks = new ArrayList<>();
    Segmenter segmenter =
        new Segmenter(document.text(), counter, options.targetTokens(), options.maxChars());
    TableRowPieces pieceSource = new TableRowPieces(document, segmenter, counter, options);
    for (StructuredDocument.Section section : document.coveringSections()) {
      List<Segmenter.Piece> pieces = pieceSource.pieces(section.start(), section.end());
      pack(document, section.headingPath(), pieces, chunks);
    }
    return List.copyOf(chunks);
  }

  /**
   * Greedy packing: fill up to the target, then end the chunk at the strongest break in its second
   * half (a paragraph beats a line beats a sentence), then start the next chunk with the trailing
   * pieces that fit in the overlap.
   */
  private void pack(
      StructuredDocument document,
      List<String> path,
      List<Segmenter.Piece> pieces,
      List<TextChunk> out) {
    int first = 0;
    int uncovered = 0; // first piece no chunk has covered yet; every chunk must include it
    while (first < pieces.size()) {
      int last = fill(pieces, first);
      int end =
          last == pieces.size()
              ? last
              : strongestBreak(pieces, first, Math.max(uncovered + 1, first + 1), last);
      emit(
          document,
          path,
          pieces.get(first).start(),
          pieces.get(end - 1).end(),
          out,
          options.targetTokens());
      if (end == pieces.size()) {
        return;
      }
      uncovered = end;
      first = overlapStart(pieces, first, end);
    }
  }

  /** Exclusive end of the longest run from {@code first} within the token and character limits. */
  private int fill(List<Segmenter.Piece> pieces, int first) {
    int last = first;
    int tokens = 0;
    int origin = pieces.get(first).start();
    while (last < pieces.size()
        && tokens + pieces.get(last).tokens() <= options.targetTokens()
        && pieces.get(last).end() - origin <= options.maxChars()) {
      tokens += pieces.get(last).tokens();
      last++;
    }
    // Every piece fits both limits on its own, so at least one was taken.
    return Math.max(last, first + 1);
  }

  /**
   * The chunk end in {@code [minEnd, last]} after the strongest break, later ends winning ties,
   * among ends that keep at least half the target (so strong breaks never leave tiny chunks).
   */
  private int strongestBreak(List<Segmenter.Piece> pieces, int first, int minEnd, int last) {
    int best = last;
    int bestStrength = Integer.MAX_VALUE;
    int tokens = 0;
    for (int end = first + 1; end <= last; end++) {
      tokens += pieces.get(end - 1).tokens();
      if (end < minEnd || (tokens * 2 < options.targetTokens() && end < last)) {
        continue;
      }
      int strength = pieces.get(end - 1).breakAfter();
      if (strength <= bestStrength) {
        best = end;
        bestStrength = strength;
      }
    }
    return best;
  }

  /**
   * Where the next chunk starts: back from {@code end} over whole pieces within the overlap,
   * leaving room for piece {@code end} so the next chunk always advances.
   */
  private int overlapStart(List<Segmenter.Piece> pieces, int first, int end) {
    Segmenter.Piece nextNew = pieces.get(end);
    int room = Math.min(options.overlapTokens(), options.targetTokens() - nextNew.tokens());
    int start = end;
    int shared = 0;
    while (start - 1 > first
        && shared + pieces.get(start - 1).tokens() <= room
        && nextNew.end() - pieces.get(start - 1).start() <= options.maxChars()) {
      shared += pieces.get(start - 1).tokens();
      start--;
    }
    return start;
  }

  private void emit(
      StructuredDocument document,
      List<String> path,
      int start,
      int end,
      List<TextChunk> out,
      int runLength) {
    String text = document.text();
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      return;
    }
    String chunkText = text.substring(start, end);
    int tokens = counter.countTokens(chunkText);
    if (tokens > options.maxTokens() && runLength > 1) {
      recut(document, path, start, chunkText, out, runLength);
      return;
    }
    if (!out.isEmpty()) {
      TextChunk previous = out.getLast();
      // Overlap may make a short tail chunk lie entirely inside its predecessor; drop it.
      if (previous.start() <= start && end <= previous.end()) {
        return;
      }
    }
    out.add(
        new TextChunk(
            out.size(),
            chunkText,
            start,
            end,
            tokens,
            path,
            document.pageAt(start),
            document.pageAt(Math.max(start, end - 1))));
  }

  /**
   * Cuts an over-long chunk at token starts into runs of half the previous run length, which ends:
   * a run of one token cannot be over the limit.
   */
  private void recut(
      StructuredDocument document,
      List<String> path,
      int start,
      String chunkText,
      List<TextChunk> out,
      int runLength) {
    List<TokenSpan> spans = counter.tokenSpans(chunkText);
    int run = Math.max(1, Math.min(runLength, spans.size()) / 2);
    for (int i = 0; i < spans.size(); i += run) {
      int from = start + (i == 0 ? 0 : spans.get(i).start());
      int to =
          i + run >= spans.size() ? start + chunkText.length() : start + spans.get(i + run).start();
      emit(document, path, from, to, out, run);
    }
  }
}
