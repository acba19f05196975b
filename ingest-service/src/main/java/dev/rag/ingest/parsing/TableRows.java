package dev.rag.ingest.parsing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes one table into a {@link StructureBuilder}, one line per row, every value next to the name
 * of its column: {@code Product: Widget | Price: 12.50 | Region: North}.
 *
 * <p>Why this form rather than a header line followed by bare rows: a chunk's text must be a range
 * of the document's text (citations point into it), so a header cannot be repeated in front of
 * every chunk; written into each row, it is in every chunk by construction, and in every row the
 * chunker keeps whole. It is also what retrieves best: BM25 sees the column's words next to the
 * value, and a small BERT encoder, which cannot line up the fifth value of a row with the fifth
 * name of a header line three rows up, sees "Price: 12.50" as the phrase a question about the price
 * contains. A cited row reads on its own. The price is tokens: header names repeat in every row.
 *
 * <p>The first non-empty row is the header when it has header cells ({@code th}), or otherwise when
 * none of its values looks like a number or a date and none is longer than {@value
 * #MAX_HEADER_CHARS} characters (spreadsheets and CSV files rarely mark it; a layout table of
 * paragraphs is no header). A table without one is written as bare values, {@code a | b | c}. Empty
 * values are left out; a value beyond the header's columns (a ragged row) is written without a
 * name; a table of only a header is written as the header line. A sheet name or caption opens a
 * section holding the table.
 */
final class TableRows {

  /** A cell: its text, whether it is a header cell, how many columns it spans (repeats). */
  record Cell(String text, boolean header, int span) {

    Cell {
      text = text == null ? "" : text.strip().replaceAll("\\s+", " ");
      span = Math.max(1, span);
    }
  }

  /** Longest value of an unmarked header row: column names are short, paragraphs are not. */
  static final int MAX_HEADER_CHARS = 80;

  /** Columns beyond this get no name: Excel's own limit, and a bound on a forged colspan. */
  static final int MAX_COLUMNS = 16_384;

  private static final Pattern NUMBER =
      Pattern.compile(
          "[-+(]?[$€£¥]?\\s*\\d[\\d\\s.,']*\\)?\\s*%?|\\d{1,4}([-/.])\\d{1,2}\\1\\d{1,4}.*");

  private final StructureBuilder builder;
  private final String section;
  private final int sectionLevel;
  private final boolean closeSection;
  private List<String> columns;
  private List<Cell> headerRow;
  private boolean started;
  private int rows;
  private int spanStart = -1;

  /**
   * @param section a sheet name or caption to open a section with, or null
   * @param sectionLevel the heading level of that section
   * @param closeSection whether the section ends with the table (a caption inside a longer text)
   *     rather than at the next heading (a sheet)
   */
  TableRows(StructureBuilder builder, String section, int sectionLevel, boolean closeSection) {
    this.builder = builder;
    this.section = section == null || section.isBlank() ? null : section.strip();
    this.sectionLevel = sectionLevel;
    this.closeSection = closeSection;
  }

  void row(List<Cell> cells) {
    if (cells.stream().allMatch(c -> c.text().isEmpty())) {
      return;
    }
    if (!started) {
      started = true;
      if (isHeader(cells)) {
        headerRow = cells;
        columns = names(cells);
        return;
      }
    }
    open();
    builder.append(render(cells));
    builder.append("\n");
    rows++;
  }

  /** Ends the table: a header without rows is written as itself; the table's range is recorded. */
  void end() {
    if (rows == 0 && headerRow != null) {
      open();
      builder.append(String.join(" | ", headerRow.stream().map(Cell::text).toList()));
      builder.append("\n");
    }
    if (spanStart < 0) {
      return;
    }
    builder.table(spanStart, builder.length());
    if (section != null && closeSection) {
      builder.closeSection(builder.length(), sectionLevel);
    }
    builder.breakBlock();
  }

  private void open() {
    if (spanStart >= 0) {
      return;
    }
    builder.breakBlock();
    if (section != null) {
      builder.heading(builder.length(), sectionLevel, section);
      builder.append(section);
      builder.breakBlock();
    }
    spanStart = builder.length();
  }

  private String render(List<Cell> cells) {
    StringBuilder line = new StringBuilder();
    long column = 0;
    for (Cell cell : cells) {
      if (!cell.text().isEmpty()) {
        String name = name((int) Math.min(column, MAX_COLUMNS), cell.span());
        if (!line.isEmpty()) {
          line.append(" | ");
        }
        if (name != null) {
          line.append(name).append(": ");
        }
        line.append(cell.text());
        builder.ensureRoom(line.length());
      }
      column += cell.span();
    }
    return line.toString();
  }

  /** The distinct names of the columns {@code [from, from + span)}, or null when none has one. */
  private String name(int from, int span) {
    if (columns == null) {
      return null;
    }
    Set<String> names = new LinkedHashSet<>();
    for (int c = from; c < Math.min(columns.size(), (long) from + span); c++) {
      if (!columns.get(c).isEmpty()) {
        names.add(columns.get(c));
      }
    }
    return names.isEmpty() ? null : String.join(" / ", names);
  }

  private static List<String> names(List<Cell> header) {
    List<String> names = new ArrayList<>();
    for (Cell cell : header) {
      for (int i = 0; i < cell.span() && names.size() < MAX_COLUMNS; i++) {
        names.add(cell.text());
      }
    }
    return names;
  }

  private static boolean isHeader(List<Cell> cells) {
    if (cells.stream().anyMatch(Cell::header)) {
      return true;
    }
    return cells.stream()
        .map(Cell::text)
        .filter(t -> !t.isEmpty())
        .noneMatch(t -> t.length() > MAX_HEADER_CHARS || NUMBER.matcher(t).matches());
  }
}
