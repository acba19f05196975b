package dev.rag.encoders.chunking;

import java.util.ArrayList;
import java.util.List;

/**
 * A document as the chunker sees it: its extracted text and, as character ranges of that text, its
 * sections (each with the heading path leading to it), pages and tables. Text outside every section
 * belongs to the root (empty heading path); {@code pages} is empty for formats without pages.
 *
 * @param text the extracted text; chunk offsets index into it
 * @param sections ordered, non-overlapping ranges; gaps are allowed
 * @param pages ordered, non-overlapping page ranges
 * @param tables ordered, non-overlapping ranges whose lines are table rows, each written so that it
 *     reads on its own (every value next to its column name); the chunker keeps such rows whole
 */
public record StructuredDocument(
    String text, List<Section> sections, List<PageSpan> pages, List<TableSpan> tables) {

  /** A section: its headings from the root ({@code ["Guide", "Install"]}) and its range. */
  public record Section(List<String> headingPath, int start, int end) {

    public Section {
      headingPath = List.copyOf(headingPath);
      if (start < 0 || end < start) {
        throw new IllegalArgumentException(
            "section range [" + start + ", " + end + ") must satisfy 0 <= start <= end");
      }
    }
  }

  /** The characters of one page; pages are numbered from 1. */
  public record PageSpan(int number, int start, int end) {

    public PageSpan {
      if (number < 1) {
        throw new IllegalArgumentException("page number must be >= 1, was " + number);
      }
      if (start < 0 || end < start) {
        throw new IllegalArgumentException(
            "page range [" + start + ", " + end + ") must satisfy 0 <= start <= end");
      }
    }
  }

  /** The rows of one table: {@code [start, end)}, one row per line. */
  public record TableSpan(int start, int end) {

    public TableSpan {
      if (start < 0 || end < start) {
        throw new IllegalArgumentException(
            "table range [" + start + ", " + end + ") must satisfy 0 <= start <= end");
      }
    }
  }

  /** A document without tables. */
  public StructuredDocument(String text, List<Section> sections, List<PageSpan> pages) {
    this(text, sections, pages, List.of());
  }

  public StructuredDocument {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    sections = List.copyOf(sections);
    pages = List.copyOf(pages);
    tables = List.copyOf(tables);
    int previous = 0;
    for (TableSpan table : tables) {
      if (table.start() < previous || table.end() > text.length()) {
        throw new IllegalArgumentException(
            "table "
                + table
                + " overlaps its predecessor or ends past the text ("
                + text.length()
                + " chars); tables must be ordered");
      }
      previous = table.end();
    }
    previous = 0;
    for (Section section : sections) {
      if (section.start() < previous || section.end() > text.length()) {
        throw new IllegalArgumentException(
            "section "
                + section
                + " overlaps its predecessor or "
                + "ends past the text ("
                + text.length()
                + " chars); sections must be ordered");
      }
      previous = section.end();
    }
    previous = 0;
    for (PageSpan page : pages) {
      if (page.start() < previous || page.end() > text.length()) {
        throw new IllegalArgumentException(
            "page "
                + page
                + " overlaps its predecessor or ends "
                + "past the text ("
                + text.length()
                + " chars); pages must be ordered");
      }
      previous = page.end();
    }
  }

  /** A document without structure: one root section, no pages. */
  public static StructuredDocument plain(String text) {
    return new StructuredDocument(
        text, List.of(new Section(List.of(), 0, text.length())), List.of());
  }

  /** Sections with the gaps between them filled by root sections, covering the whole text. */
  public List<Section> coveringSections() {
    List<Section> covering = new ArrayList<>();
    int position = 0;
    for (Section section : sections) {
      if (section.start() > position) {
        covering.add(new Section(List.of(), position, section.start()));
      }
      covering.add(section);
      position = section.end();
    }
    if (position < text.length()) {
      covering.add(new Section(List.of(), position, text.length()));
    }
    return covering;
  }

  /** The page holding character {@code offset}: the last page starting at or before it. */
  public Integer pageAt(int offset) {
    Integer found = null;
    for (PageSpan page : pages) {
      if (page.start() > offset) {
        break;
      }
      found = page.number();
    }
    if (found == null && !pages.isEmpty()) {
      return pages.getFirst().number();
    }
    return found;
  }
}
