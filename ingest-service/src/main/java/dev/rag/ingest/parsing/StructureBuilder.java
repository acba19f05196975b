package dev.rag.ingest.parsing;

import dev.rag.encoders.chunking.StructuredDocument;
import dev.rag.encoders.chunking.StructuredDocument.PageSpan;
import dev.rag.encoders.chunking.StructuredDocument.Section;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Accumulates extracted text with its headings and pages, then builds the sections: each heading
 * opens a section that runs to the next heading; its path is the chain of enclosing headings of
 * lower level (an h3 under an h1 with no h2 nests directly under the h1).
 */
final class StructureBuilder {

  private record Heading(int offset, int level, String title) {}

  private final StringBuilder text = new StringBuilder();
  private final List<Heading> headings = new ArrayList<>();
  private final List<PageSpan> pages = new ArrayList<>();
  private final int maxChars;
  private int pageStart = -1;

  StructureBuilder(int maxChars) {
    this.maxChars = maxChars;
  }

  int length() {
    return text.length();
  }

  String text() {
    return text.toString();
  }

  void append(CharSequence chars) {
    if (text.length() + chars.length() > maxChars) {
      throw new UnparseableDocumentException(
          UnparseableDocumentException.Kind.TOO_LARGE,
          "more than " + maxChars + " characters of text (rag.ingest.max-extracted-chars)");
    }
    text.append(chars);
  }

  /** Ends the current block: at most one blank line between blocks, none at the start. */
  void breakBlock() {
    int n = text.length();
    if (n == 0 || (n >= 2 && text.charAt(n - 1) == '\n' && text.charAt(n - 2) == '\n')) {
      return;
    }
    append(text.charAt(n - 1) == '\n' ? "\n" : "\n\n");
  }

  /** Ends the current line (list items, table rows). */
  void breakLine() {
    int n = text.length();
    if (n > 0 && text.charAt(n - 1) != '\n') {
      append("\n");
    }
  }

  void heading(int offset, int level, String title) {
    String clean = title.strip().replaceAll("\\s+", " ");
    if (!clean.isEmpty()) {
      headings.add(new Heading(offset, level, clean));
    }
  }

  void startPage() {
    pageStart = text.length();
  }

  void endPage() {
    if (pageStart >= 0) {
      pages.add(new PageSpan(pages.size() + 1, pageStart, text.length()));
      pageStart = -1;
    }
  }

  String firstHeading() {
    return headings.isEmpty() ? null : headings.getFirst().title();
  }

  StructuredDocument build() {
    String full = text.toString();
    List<Heading> ordered = new ArrayList<>(headings);
    ordered.sort(Comparator.comparingInt(Heading::offset));
    List<Section> sections = new ArrayList<>();
    List<Heading> stack = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      Heading heading = ordered.get(i);
      while (!stack.isEmpty() && stack.getLast().level() >= heading.level()) {
        stack.removeLast();
      }
      stack.add(heading);
      int end = i + 1 < ordered.size() ? ordered.get(i + 1).offset() : full.length();
      if (end > heading.offset()) {
        sections.add(
            new Section(stack.stream().map(Heading::title).toList(), heading.offset(), end));
      }
    }
    return new StructuredDocument(full, sections, pages);
  }
}
