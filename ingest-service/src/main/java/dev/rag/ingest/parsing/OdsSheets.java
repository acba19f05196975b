package dev.rag.ingest.parsing;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The sheet names of an ODS, in order: Tika writes each sheet as a table but drops its name, which
 * should be the section of the sheet's rows. Best effort, like the PDF outline: a spreadsheet whose
 * names cannot be read keeps its rows without sections.
 */
final class OdsSheets {

  private static final String TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";

  private OdsSheets() {}

  static List<String> names(DocumentContent content) {
    List<String> names = new ArrayList<>();
    try (ZipParts parts = ZipParts.open(content);
        InputStream in = parts.part("content.xml")) {
      if (in == null) {
        return List.of();
      }
      XMLStreamReader xml = SafeXml.reader(in);
      int tableDepth = 0;
      while (xml.hasNext()) {
        int event = xml.next();
        boolean table =
            (event == XMLStreamConstants.START_ELEMENT || event == XMLStreamConstants.END_ELEMENT)
                && TABLE_NS.equals(xml.getNamespaceURI())
                && xml.getLocalName().equals("table");
        if (table && event == XMLStreamConstants.START_ELEMENT) {
          if (tableDepth++ == 0) {
            String name = xml.getAttributeValue(TABLE_NS, "name");
            names.add(name == null ? "" : name);
          }
        } else if (table) {
          tableDepth--;
        }
      }
      return names;
    } catch (IOException | XMLStreamException | RuntimeException e) {
      return List.of();
    }
  }
}
