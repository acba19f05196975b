package dev.rag.ingest.parsing;

import dev.rag.encoders.chunking.StructuredDocument;
import dev.rag.encoders.chunking.StructuredDocument.PageSpan;
import dev.rag.encoders.chunking.StructuredDocument.Section;
import dev.rag.encoders.chunking.StructuredDocument.TableSpan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Accumulates extracted text with its headings, pages and tables, then builds the sections: each
 * heading opens a section that runs to the next heading; its path is the chain of enclosing
 * headings of lower level (an h3 under an h1 with no h2 nests directly under the h1). A section can
 * also be closed before the next heading (a table caption's section ends with its table), and the
 * text after it returns to the enclosing path.
 */
final class StructureBuilder {

  /** A heading, or with a null title the end of the open sections of {@code level} and deeper. */
  private record Heading(int offset, int level, String title) {}

  private final StringBuilder text = new StringBuilder();
  private final List<Heading> headings = new ArrayList<>();
  private final List<PageSpan> pages = new ArrayList<>();
  private final List<TableSpan> tables = new ArrayList<>();
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
    ensureRoom(chars.length());
    text.append(chars);
  }

  /**
   * Refuses the document when {@code pending} more characters (text held back until a table row or
   * a slide is complete) would take it over the limit, so buffers are bounded like the text.
   */
  void ensureRoom(long pending) {
    if (text.length() + pending > maxChars) {
      throw new UnparseableDocumentException(
          UnparseableDocumentException.Kind.TOO_LARGE,
          "more than " + maxChars + " characters of text (rag.ingest.max-extracted-chars)");
    }
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

  /**
   * Ends, at {@code offset}, the section opened by a heading of {@code level} (and deeper ones).
   */
  void closeSection(int offset, int level) {
    headings.add(new Heading(offset, level, null));
  }

  /** The level of the last heading added, 0 before any: a caption nests one level below it. */
  int lastHeadingLevel() {
    for (int i = headings.size() - 1; i >= 0; i--) {
      if (headings.get(i).title() != null) {
        return headings.get(i).level();
      }
    }
    return 0;
  }

  /** Marks {@code [start, end)} as table rows, one per line (see {@link TableRows}). */
  void table(int start, int end) {
    if (end > start) {
      tables.add(new TableSpan(start, end));
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
    return headings.stream().map(Heading::title).filter(t -> t != null).findFirst().orElse(null);
  }

  StructuredDocument build() {
    String full = text.toString();
    List<Heading> ordered = new ArrayList<>(headings);
    ordered.sort(Comparator.comparingInt(Heading::offset)); // stable: a close before a heading
    List<Section> sections = new ArrayList<>();
    List<Heading> stack = new ArrayList<>();
    List<String> path = null; // null: before the first heading, the root
    int start = 0;
    for (Heading heading : ordered) {
      if (path != null && heading.offset() > start) {
        sections.add(new Section(path, start, heading.offset()));
      }
      while (!stack.isEmpty() && stack.getLast().level() >= heading.level()) {
        stack.removeLast();
      }
      if (heading.title() != null) {
        stack.add(heading);
      }
      path = stack.stream().map(Heading::title).toList();
      start = heading.offset();
    }
    if (path != null && full.length() > start) {
      sections.add(new Section(path, start, full.length()));
    }
    return new StructuredDocument(full, sections, pages, tables);
  }
}
