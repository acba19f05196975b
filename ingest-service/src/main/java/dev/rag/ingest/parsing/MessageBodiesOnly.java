package dev.rag.ingest.parsing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.extractor.ParsingEmbeddedDocumentExtractor;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.ParseContext;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Which embedded documents Tika may descend into: only an email's own text, never anything else.
 * Tika hands even the body of a message to this extractor, as a part without a name or a {@code
 * Content-Disposition}; those parts (plain text or HTML) are parsed. Attachments, objects embedded
 * in office files and images are not: an attachment is a document of its own (upload it as one),
 * and parsing it here would let a zip container inside a message past {@link ArchiveLimits}.
 */
final class MessageBodiesOnly implements EmbeddedDocumentExtractor {

  private final ParsingEmbeddedDocumentExtractor delegate;

  MessageBodiesOnly(ParseContext context) {
    this.delegate = new ParsingEmbeddedDocumentExtractor(context);
  }

  @Override
  public boolean shouldParseEmbedded(Metadata metadata) {
    String type = metadata.get(Metadata.CONTENT_TYPE);
    if (type == null
        || metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY) != null
        || metadata.get("Content-Disposition") != null) {
      return false;
    }
    String base = type.toLowerCase(Locale.ROOT);
    return base.startsWith("text/plain") || base.startsWith("text/html");
  }

  @Override
  public void parseEmbedded(
      InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml)
      throws SAXException, IOException {
    delegate.parseEmbedded(stream, handler, metadata, false);
  }
}
