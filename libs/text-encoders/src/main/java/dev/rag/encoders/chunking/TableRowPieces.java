package dev.rag.encoders.chunking;

import java.util.ArrayList;
import java.util.List;

/**
 * The pieces of a section for packing when it holds tables: prose is cut by the {@link Segmenter}
 * as everywhere else, but every row of a {@link StructuredDocument.TableSpan} is one piece, so a
 * chunk (and the overlap that starts the next one) begins and ends on row boundaries. The rows are
 * written by the parser to read on their own (each value next to its column name), so every chunk
 * of a table, and every row in it, still says what each value means. A row over the target on its
 * own (a very wide table) is cut like prose; its values keep their column names even then.
 */
final class TableRowPieces {

  private final StructuredDocument document;
  private final Segmenter segmenter;
  private final TokenCounter counter;
  private final ChunkingOptions options;

  TableRowPieces(
      StructuredDocument document,
      Segmenter segmenter,
      TokenCounter counter,
      ChunkingOptions options) {
    this.document = document;
    this.segmenter = segmenter;
    this.counter = counter;
    this.options = options;
  }

  /** Contiguous pieces covering {@code [start, end)}. */
  List<Segmenter.Piece> pieces(int start, int end) {
    List<Segmenter.Piece> out = new ArrayList<>();
    int at = start;
    for (StructuredDocument.TableSpan table : document.tables()) {
      if (table.end() <= at || table.start() >= end) {
        continue;
      }
      int from = Math.max(table.start(), at);
      int to = Math.min(table.end(), end);
      out.addAll(segmenter.segment(at, from));
      rows(from, to, out);
      at = to;
    }
    out.addAll(segmenter.segment(at, end));
    return out;
  }

  private void rows(int from, int to, List<Segmenter.Piece> out) {
    String text = document.text();
    int lineStart = from;
    while (lineStart < to) {
      int newline = text.indexOf('\n', lineStart);
      int lineEnd = newline < 0 || newline >= to ? to : newline + 1;
      if (lineEnd - lineStart <= options.maxChars()) {
        int tokens = counter.countTokens(text.substring(lineStart, lineEnd));
        if (tokens <= options.targetTokens()) {
          out.add(new Segmenter.Piece(lineStart, lineEnd, tokens, Segmenter.LINE));
          lineStart = lineEnd;
          continue;
        }
      }
      out.addAll(segmenter.segment(lineStart, lineEnd));
      lineStart = lineEnd;
    }
  }
}
