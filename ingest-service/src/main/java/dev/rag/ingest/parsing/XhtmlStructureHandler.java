package dev.rag.ingest.parsing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads Tika's XHTML output into a {@link StructureBuilder}: {@code h1..h6} become headings, {@code
 * <div class="page">} (PDF) becomes a page, block elements become paragraph breaks, and the
 * document head (title, scripts, styles) is left out of the text.
 *
 * <p>Tables (HTML, DOCX, EPUB, XLSX, ODS, and PDF where Tika finds any) are collected row by row
 * and written by {@link TableRows}, every value with its column name. A spreadsheet's sheet name
 * (XLSX: the {@code h1} Tika writes in each {@code <div class="sheet">}; ODS: the names read from
 * the file, in order) or a table's caption becomes the section of its rows. A sheet without rows
 * leaves no text. Tables inside table cells are flattened into their cell's text.
 */
final class XhtmlStructureHandler extends DefaultHandler {

  private final StructureBuilder builder;
  private final List<String> sheetNames;
  private final Deque<Boolean> divIsPage = new ArrayDeque<>();
  private int skipped;
  private int headingLevel;
  private int headingStart;

  /** The open top-level table, or null. */
  private Table table;

  /** XLSX: the sheet whose name Tika is writing as its {@code h1}, then its pending name. */
  private boolean inSheet;

  private StringBuilder sheetHeading;
  private String pendingSheet;
  private int nextSheetName;

  XhtmlStructureHandler(StructureBuilder builder) {
    this(builder, List.of());
  }

  /**
   * @param sheetNames names of the top-level tables in order (ODS, whose names Tika does not write)
   */
  XhtmlStructureHandler(StructureBuilder builder, List<String> sheetNames) {
    this.builder = builder;
    this.sheetNames = List.copyOf(sheetNames);
  }

  /** One top-level table while it is read. */
  private final class Table {
    final StringBuilder caption = new StringBuilder();
    TableRows rows;
    int depth = 1;
    List<TableRows.Cell> cells;
    StringBuilder cell;
    boolean cellIsHeader;
    int cellSpan;
    int captionDepth;
    long buffered;

    TableRows rows() {
      if (rows == null) {
        String sheet = pendingSheet;
        if (sheet == null && nextSheetName < sheetNames.size()) {
          sheet = sheetNames.get(nextSheetName++);
        }
        pendingSheet = null;
        rows =
            sheet != null
                ? new TableRows(builder, sheet, 1, false)
                : new TableRows(builder, caption.toString(), builder.lastHeadingLevel() + 1, true);
      }
      return rows;
    }

    void text(char[] ch, int start, int length) {
      StringBuilder target = cell != null ? cell : (cells == null && depth == 1 ? caption : null);
      if (target == null) {
        return; // whitespace between cells
      }
      buffered += length;
      builder.ensureRoom(buffered);
      target.append(ch, start, length);
    }

    void start(String name, Attributes attributes) {
      switch (name) {
        case "table" -> {
          depth++;
          space();
        }
        case "caption" -> captionDepth++;
        case "tr" -> {
          if (depth == 1) {
            rows(); // the caption is complete once the first row starts
            cells = new ArrayList<>();
          } else {
            space();
          }
        }
        case "td", "th" -> {
          if (depth == 1 && cells != null) {
            cell = new StringBuilder();
            cellIsHeader = name.equals("th");
            cellSpan = span(attributes.getValue("colspan"));
          } else {
            space();
          }
        }
        default -> space();
      }
    }

    void end(String name) {
      switch (name) {
        case "table" -> depth--;
        case "caption" -> captionDepth--;
        case "td", "th" -> {
          if (depth == 1 && cell != null) {
            cells.add(new TableRows.Cell(cell.toString(), cellIsHeader, cellSpan));
            cell = null;
          }
        }
        case "tr" -> {
          if (depth == 1 && cells != null) {
            rows().row(cells);
            cells = null;
            buffered = 0;
          }
        }
        default -> space();
      }
    }

    private void space() {
      if (cell != null) {
        cell.append(' ');
      }
    }
  }

  private static int span(String colspan) {
    if (colspan == null) {
      return 1;
    }
    try {
      return Math.clamp(Long.parseLong(colspan.strip()), 1, TableRows.MAX_COLUMNS);
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  @Override
  public void startElement(String uri, String localName, String qName, Attributes attributes) {
    String name = name(localName, qName);
    if (skipped > 0 && !isSkipped(name)) {
      return;
    }
    if (table != null) {
      if (isSkipped(name)) {
        skipped++;
      } else {
        table.start(name, attributes);
      }
      return;
    }
    switch (name) {
      case "head", "script", "style", "title" -> skipped++;
      case "h1", "h2", "h3", "h4", "h5", "h6" -> {
        if (inSheet) {
          sheetHeading = new StringBuilder();
          return;
        }
        builder.breakBlock();
        headingLevel = name.charAt(1) - '0';
        headingStart = builder.length();
      }
      case "div" -> {
        String kind = attributes.getValue("class");
        boolean page = "page".equals(kind);
        divIsPage.push(page);
        builder.breakBlock();
        if (page) {
          builder.startPage();
        }
        if ("sheet".equals(kind)) {
          inSheet = true;
          pendingSheet = null;
        }
      }
      case "table" -> table = new Table();
      case "p", "blockquote", "pre", "ul", "ol", "section", "article" -> builder.breakBlock();
      case "li", "tr", "dt", "dd" -> builder.breakLine();
      case "td", "th" -> builder.append(" ");
      case "br" -> builder.append("\n");
      default -> {}
    }
  }

  @Override
  public void endElement(String uri, String localName, String qName) {
    String name = name(localName, qName);
    if (isSkipped(name) && skipped > 0) {
      skipped--;
      return;
    }
    if (skipped > 0) {
      return;
    }
    if (table != null) {
      table.end(name);
      if (table.depth == 0) {
        table.rows().end();
        table = null;
      }
      return;
    }
    switch (name) {
      case "h1", "h2", "h3", "h4", "h5", "h6" -> {
        if (sheetHeading != null) {
          pendingSheet = sheetHeading.toString().strip();
          sheetHeading = null;
          return;
        }
        if (headingLevel > 0) {
          builder.heading(headingStart, headingLevel, builder.text().substring(headingStart));
          headingLevel = 0;
        }
        builder.breakBlock();
      }
      case "div" -> {
        builder.breakBlock();
        if (!divIsPage.isEmpty() && divIsPage.pop()) {
          builder.endPage();
        }
        inSheet = false;
        pendingSheet = null;
      }
      case "p", "blockquote", "pre", "ul", "ol", "section", "article" -> builder.breakBlock();
      case "li", "tr", "dt", "dd" -> builder.breakLine();
      default -> {}
    }
  }

  @Override
  public void characters(char[] ch, int start, int length) {
    if (skipped > 0) {
      return;
    }
    if (table != null) {
      table.text(ch, start, length);
    } else if (sheetHeading != null) {
      builder.ensureRoom(sheetHeading.length() + (long) length);
      sheetHeading.append(ch, start, length);
    } else {
      builder.append(new String(ch, start, length).replace('\r', '\n').replace('\u0000', ' '));
    }
  }

  private static boolean isSkipped(String name) {
    return switch (name) {
      case "head", "script", "style", "title" -> true;
      default -> false;
    };
  }

  private static String name(String localName, String qName) {
    return (localName == null || localName.isEmpty() ? qName : localName).toLowerCase(Locale.ROOT);
  }
}
