package dev.rag.ingest.parsing;

import java.io.IOException;
import java.io.InputStream;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The slides ({@code draw:page}) of an ODP from its {@code content.xml}, each a section named by
 * its title (the text of its frame of {@code presentation:class="title"}, else "Slide n"). Read
 * here because Tika's output of an ODP has no slide boundaries at all. Every text paragraph is a
 * line; speaker notes are left out, as for PPTX.
 */
final class OdpSlides {

  private static final String TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
  private static final String DRAW_NS = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";
  private static final String PRESENTATION_NS =
      "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0";

  private OdpSlides() {}

  static void read(ZipParts parts, StructureBuilder builder)
      throws IOException, XMLStreamException {
    try (InputStream in = parts.part("content.xml")) {
      if (in == null) {
        throw new UnparseableDocumentException(
            UnparseableDocumentException.Kind.CORRUPT,
            "not an OpenDocument presentation: content.xml is missing");
      }
      read(SafeXml.reader(in), builder);
    }
  }

  private static void read(XMLStreamReader xml, StructureBuilder builder)
      throws XMLStreamException {
    int slides = 0;
    int slideStart = -1;
    StringBuilder title = new StringBuilder();
    int depth = 0;
    int titleDepth = -1; // depth of the open title frame
    int notesDepth = -1; // depth of the open notes
    int paragraphDepth = -1;
    StringBuilder paragraph = null;
    while (xml.hasNext()) {
      switch (xml.next()) {
        case XMLStreamConstants.START_ELEMENT -> {
          depth++;
          String ns = xml.getNamespaceURI();
          String name = xml.getLocalName();
          if (DRAW_NS.equals(ns) && name.equals("page")) {
            builder.breakBlock();
            slides++;
            slideStart = builder.length();
            title.setLength(0);
          } else if (PRESENTATION_NS.equals(ns) && name.equals("notes") && notesDepth < 0) {
            notesDepth = depth;
          } else if (titleDepth < 0
              && "title".equals(xml.getAttributeValue(PRESENTATION_NS, "class"))) {
            titleDepth = depth;
          } else if (TEXT_NS.equals(ns) && (name.equals("p") || name.equals("h"))) {
            if (paragraph == null) {
              paragraph = new StringBuilder();
              paragraphDepth = depth;
            } else {
              paragraph.append(' ');
            }
          } else if (TEXT_NS.equals(ns)
              && paragraph != null
              && (name.equals("s") || name.equals("tab") || name.equals("line-break"))) {
            paragraph.append(' ');
          }
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
          if (paragraph != null) {
            builder.ensureRoom(paragraph.length() + (long) xml.getTextLength());
            paragraph.append(xml.getText());
          }
        }
        case XMLStreamConstants.END_ELEMENT -> {
          String name = xml.getLocalName();
          if (depth == paragraphDepth) {
            String text = paragraph.toString().strip().replaceAll("\\s+", " ");
            paragraph = null;
            paragraphDepth = -1;
            if (!text.isEmpty() && notesDepth < 0 && slideStart >= 0) {
              if (titleDepth >= 0) {
                title.append(title.isEmpty() ? "" : " ").append(text);
              }
              builder.append(text);
              builder.breakLine();
            }
          }
          if (depth == titleDepth) {
            titleDepth = -1;
          }
          if (depth == notesDepth) {
            notesDepth = -1;
          }
          if (DRAW_NS.equals(xml.getNamespaceURI()) && name.equals("page") && slideStart >= 0) {
            String named = title.toString().strip();
            builder.heading(slideStart, 1, named.isEmpty() ? "Slide " + slides : named);
            builder.breakBlock();
          }
          depth--;
        }
        default -> {}
      }
    }
  }
}
