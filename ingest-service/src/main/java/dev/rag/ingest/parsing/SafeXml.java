package dev.rag.ingest.parsing;

import java.io.InputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A streaming XML reader for the parts of office files we read ourselves: no DTDs and no external
 * entities, so a hostile part can neither expand entities (billion laughs) nor reach files or the
 * network (XXE). Memory is what the caller keeps, never the document.
 */
final class SafeXml {

  private static final XMLInputFactory FACTORY = factory();

  private SafeXml() {}

  static XMLStreamReader reader(InputStream in) throws XMLStreamException {
    return FACTORY.createXMLStreamReader(in);
  }

  private static XMLInputFactory factory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, false);
    return factory;
  }
}
