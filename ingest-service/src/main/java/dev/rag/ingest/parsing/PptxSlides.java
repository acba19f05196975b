package dev.rag.ingest.parsing;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The slides of a PPTX, in the deck's order, each a section named by its title. Read here rather
 * than through Tika because Tika's PPTX output marks no titles and, with speaker notes present, can
 * emit slides out of order; a citation must name the slide it quotes.
 *
 * <p>Order comes from {@code ppt/presentation.xml} (the slide id list) through its relationships; a
 * slide's title is the text of its {@code title} or {@code ctrTitle} placeholder ("Slide n" when it
 * has none). Text is every DrawingML paragraph of the slide's shapes, one per line, shapes apart by
 * a blank line; tables on slides are written by {@link TableRows}. Notes, masters and layouts are
 * left out: what the audience saw is what is cited.
 */
final class PptxSlides {

  private static final String RELATIONSHIPS_NS =
      "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

  private PptxSlides() {}

  static void read(ZipParts parts, StructureBuilder builder)
      throws IOException, XMLStreamException {
    List<String> slides = slideParts(parts);
    for (int i = 0; i < slides.size(); i++) {
      try (InputStream in = parts.part(slides.get(i))) {
        if (in == null) {
          throw new UnparseableDocumentException(
              UnparseableDocumentException.Kind.CORRUPT,
              "the presentation lists " + slides.get(i) + ", which it does not contain");
        }
        builder.breakBlock();
        int start = builder.length();
        String title = new SlideReader(builder).read(SafeXml.reader(in));
        builder.heading(start, 1, title.isBlank() ? "Slide " + (i + 1) : title);
        builder.breakBlock();
      }
    }
  }

  /** Slide part names in presentation order. */
  private static List<String> slideParts(ZipParts parts) throws IOException, XMLStreamException {
    List<String> ids = new ArrayList<>();
    try (InputStream in = parts.part("ppt/presentation.xml")) {
      if (in == null) {
        throw new UnparseableDocumentException(
            UnparseableDocumentException.Kind.CORRUPT,
            "not a presentation: ppt/presentation.xml is missing");
      }
      XMLStreamReader xml = SafeXml.reader(in);
      while (xml.hasNext()) {
        if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("sldId")) {
          String id = xml.getAttributeValue(RELATIONSHIPS_NS, "id");
          if (id != null) {
            ids.add(id);
          }
        }
      }
    }
    Map<String, String> targets = new HashMap<>();
    try (InputStream in = parts.part("ppt/_rels/presentation.xml.rels")) {
      if (in != null) {
        XMLStreamReader xml = SafeXml.reader(in);
        while (xml.hasNext()) {
          if (xml.next() == XMLStreamConstants.START_ELEMENT
              && xml.getLocalName().equals("Relationship")) {
            targets.put(xml.getAttributeValue(null, "Id"), xml.getAttributeValue(null, "Target"));
          }
        }
      }
    }
    List<String> slides = new ArrayList<>();
    for (String id : ids) {
      String target = targets.get(id);
      if (target != null) {
        slides.add(target.startsWith("/") ? target.substring(1) : "ppt/" + target);
      }
    }
    return slides;
  }

  /** Streams one slide's text into the builder and returns its title. */
  private static final class SlideReader {
    private final StructureBuilder builder;
    private final StringBuilder title = new StringBuilder();
    private StringBuilder paragraph;
    private boolean titleShape;
    private TableRows table;
    private List<TableRows.Cell> cells;
    private StringBuilder cell;
    private int cellSpan;

    SlideReader(StructureBuilder builder) {
      this.builder = builder;
    }

    String read(XMLStreamReader xml) throws XMLStreamException {
      while (xml.hasNext()) {
        switch (xml.next()) {
          case XMLStreamConstants.START_ELEMENT -> start(xml);
          case XMLStreamConstants.END_ELEMENT -> end(xml.getLocalName());
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
            if (paragraph != null) {
              text(xml.getText());
            }
          }
          default -> {}
        }
      }
      return title.toString().strip().replaceAll("\\s+", " ");
    }

    private boolean inText;

    private void text(String text) {
      if (inText) {
        builder.ensureRoom(paragraph.length() + (long) text.length());
        paragraph.append(text);
      }
    }

    private void start(XMLStreamReader xml) {
      switch (xml.getLocalName()) {
        case "sp" -> titleShape = false;
        case "ph" -> {
          String type = xml.getAttributeValue(null, "type");
          titleShape = "title".equals(type) || "ctrTitle".equals(type);
        }
        case "p" -> {
          if (isDrawing(xml)) {
            paragraph = new StringBuilder();
          }
        }
        case "t" -> inText = paragraph != null;
        case "br", "tab" -> {
          if (paragraph != null) {
            paragraph.append(' ');
          }
        }
        case "tbl" -> table = new TableRows(builder, null, 0, false);
        case "tr" -> cells = table == null ? null : new ArrayList<>();
        case "tc" -> {
          if (cells != null) {
            cell = new StringBuilder();
            String span = xml.getAttributeValue(null, "gridSpan");
            cellSpan = span == null ? 1 : parseSpan(span);
          }
        }
        default -> {}
      }
    }

    private void end(String name) {
      switch (name) {
        case "t" -> inText = false;
        case "p" -> {
          if (paragraph == null) {
            return;
          }
          String text = paragraph.toString().strip();
          paragraph = null;
          if (text.isEmpty()) {
            return;
          }
          if (cell != null) {
            cell.append(text).append(' ');
          } else {
            if (titleShape) {
              title.append(title.isEmpty() ? "" : " ").append(text);
            }
            builder.append(text);
            builder.breakLine();
          }
        }
        case "sp" -> {
          titleShape = false;
          builder.breakBlock();
        }
        case "tc" -> {
          if (cell != null) {
            cells.add(new TableRows.Cell(cell.toString(), false, cellSpan));
            cell = null;
          }
        }
        case "tr" -> {
          if (table != null && cells != null) {
            table.row(cells);
            cells = null;
          }
        }
        case "tbl" -> {
          if (table != null) {
            table.end();
            table = null;
          }
        }
        default -> {}
      }
    }

    private static boolean isDrawing(XMLStreamReader xml) {
      String ns = xml.getNamespaceURI();
      return ns != null && ns.contains("drawingml");
    }

    private static int parseSpan(String span) {
      try {
        return Math.clamp(Long.parseLong(span.strip()), 1, TableRows.MAX_COLUMNS);
      } catch (NumberFormatException e) {
        return 1;
      }
    }
  }
}
