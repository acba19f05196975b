package dev.rag.ingest.parsing;

import dev.rag.encoders.chunking.StructuredDocument;
import dev.rag.encoders.chunking.StructuredDocument.PageSpan;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.xml.sax.SAXException;

/**
 * Turns document bytes into text with structure. Thread-safe. Tika reads PDF, DOCX, HTML, XLSX,
 * ODS, EPUB and email (embedded documents such as attachments are not descended into, {@link
 * MessageBodiesOnly}); Markdown, plain text and CSV/TSV are decoded here as strict UTF-8 (or the
 * charset a producer declares) so malformed bytes are refused with their offset rather than indexed
 * as U+FFFD; slides (PPTX, ODP) are read here too, one section per slide. Tables of every format
 * are written row by row with their column names ({@link TableRows}).
 *
 * <p>Hostile input is bounded while it is read, never after: zip containers (DOCX, XLSX, PPTX, ODS,
 * ODP, EPUB) are measured against {@link ArchiveLimits} before anything opens them, and text is
 * counted against {@code maxChars} as the parser emits it (DOCX through Tika's streaming extractor,
 * XLSX through Tika's event-based reader, slides and ODS sheet names by streaming XML readers
 * without DTDs, so no document is built whole in memory first).
 */
public final class DocumentParser {

  private final AutoDetectParser tika;
  private final int maxChars;
  private final ArchiveLimits archiveLimits;

  /** A parser with the default {@link ArchiveLimits}. */
  public DocumentParser(TikaConfig config, int maxChars) {
    this(config, maxChars, ArchiveLimits.DEFAULTS);
  }

  /**
   * @param maxChars most characters of text taken from one document; counted as the parser emits
   *     them, so a document fails at the first character over, not after it is read whole
   * @param archiveLimits bounds on zip containers, checked before the parser opens one
   */
  public DocumentParser(TikaConfig config, int maxChars, ArchiveLimits archiveLimits) {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be >= 1, was " + maxChars);
    }
    this.tika = new AutoDetectParser(config);
    this.maxChars = maxChars;
    this.archiveLimits = java.util.Objects.requireNonNull(archiveLimits, "archiveLimits");
  }

  /**
   * Parses {@code content} of a declared or detected {@code contentType} (parameters such as {@code
   * charset} honoured for text).
   *
   * @throws UnparseableDocumentException when the document cannot be read as text
   */
  public ParsedDocument parse(DocumentContent content, String contentType, String fileName) {
    String type = ContentTypes.canonical(contentType);
    if (type == null) {
      throw new UnparseableDocumentException(
          UnparseableDocumentException.Kind.UNSUPPORTED_TYPE,
          "unsupported content type " + contentType + "; supported: " + ContentTypes.SUPPORTED);
    }
    if (content.size() == 0) {
      throw new UnparseableDocumentException(
          UnparseableDocumentException.Kind.EMPTY, "the document is empty");
    }
    try {
      return switch (type) {
        case ContentTypes.TEXT -> {
          String text = decode(content, contentType);
          yield new ParsedDocument(fileName, type, StructuredDocument.plain(text));
        }
        case ContentTypes.MARKDOWN -> {
          StructureBuilder builder = MarkdownStructure.read(decode(content, contentType), maxChars);
          yield new ParsedDocument(orElse(builder.firstHeading(), fileName), type, builder.build());
        }
        case ContentTypes.CSV, ContentTypes.TSV -> {
          StructureBuilder builder =
              DelimitedText.read(
                  decode(content, contentType), ContentTypes.TSV.equals(type), maxChars);
          yield new ParsedDocument(fileName, type, builder.build());
        }
        case ContentTypes.PPTX, ContentTypes.ODP -> parseSlides(content, type, fileName);
        default -> parseWithTika(content, type, fileName);
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read document content", e);
    }
  }

  private String decode(DocumentContent content, String contentType) throws IOException {
    Charset charset = StandardCharsets.UTF_8;
    MediaType declared = MediaType.parse(contentType);
    String name = declared == null ? null : declared.getParameters().get("charset");
    if (name != null) {
      try {
        charset = Charset.forName(name);
      } catch (IllegalArgumentException e) {
        throw new UnparseableDocumentException(
            UnparseableDocumentException.Kind.INVALID_ENCODING, "unknown charset " + name);
      }
    }
    try (InputStream in = content.open()) {
      return StrictUtf8.decode(in, charset, maxChars);
    }
  }

  private ParsedDocument parseWithTika(DocumentContent content, String type, String fileName)
      throws IOException {
    StructureBuilder builder = new StructureBuilder(maxChars);
    Metadata metadata = new Metadata();
    metadata.set(Metadata.CONTENT_TYPE, type);
    if (fileName != null) {
      metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
    }
    if (isZipContainer(type) || ArchiveLimits.looksLikeZip(content)) {
      archiveLimits.enforce(content);
    }
    List<String> sheetNames =
        ContentTypes.ODS.equals(type) ? OdsSheets.names(content) : List.<String>of();
    try (TikaInputStream in =
        content instanceof DocumentContent.File file
            ? TikaInputStream.get(file.path())
            : TikaInputStream.get(content.open())) {
      tika.parse(in, new XhtmlStructureHandler(builder, sheetNames), metadata, context());
    } catch (EncryptedDocumentException e) {
      throw new UnparseableDocumentException(
          UnparseableDocumentException.Kind.CORRUPT, "the document is encrypted", e);
    } catch (TikaException | SAXException | RuntimeException e) {
      UnparseableDocumentException ours = ownCause(e);
      if (ours != null) {
        throw ours;
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new UnparseableDocumentException(
          UnparseableDocumentException.Kind.CORRUPT,
          "cannot parse as " + type + ": " + rootMessage(e),
          e);
    }
    if (ContentTypes.PDF.equals(type)) {
      addOutlineHeadings(content, builder);
    }
    String title =
        orElse(metadata.get(TikaCoreProperties.TITLE), orElse(builder.firstHeading(), fileName));
    return new ParsedDocument(title, type, builder.build());
  }

  /**
   * Slides (PPTX, ODP) are read by us, one section per slide named by its title ({@link
   * PptxSlides}, {@link OdpSlides}); the container is measured first, like every zip.
   */
  private ParsedDocument parseSlides(DocumentContent content, String type, String fileName)
      throws IOException {
    archiveLimits.enforce(content);
    StructureBuilder builder = new StructureBuilder(maxChars);
    try (ZipParts parts = ZipParts.open(content)) {
      if (ContentTypes.PPTX.equals(type)) {
        PptxSlides.read(parts, builder);
      } else {
        OdpSlides.read(parts, builder);
      }
    } catch (XMLStreamException e) {
      throw new UnparseableDocumentException(
          UnparseableDocumentException.Kind.CORRUPT,
          "cannot parse as " + type + ": " + rootMessage(e),
          e);
    }
    return new ParsedDocument(orElse(builder.firstHeading(), fileName), type, builder.build());
  }

  /** Formats that are always zip containers, measured even if their first bytes say otherwise. */
  private static boolean isZipContainer(String type) {
    return switch (type) {
      case ContentTypes.DOCX, ContentTypes.XLSX, ContentTypes.ODS, ContentTypes.EPUB -> true;
      default -> false;
    };
  }

  /**
   * Asks Tika for its SAX (streaming) DOCX extractor instead of the default one, which builds the
   * whole document in memory first: with streaming, text reaches the {@code max-extracted-chars}
   * check as it is read. Embedded documents are limited to an email's own text ({@link
   * MessageBodiesOnly}).
   */
  private ParseContext context() {
    OfficeParserConfig office = new OfficeParserConfig();
    office.setUseSAXDocxExtractor(true);
    office.setUseSAXPptxExtractor(true);
    ParseContext context = new ParseContext();
    context.set(OfficeParserConfig.class, office);
    context.set(Parser.class, tika);
    context.set(EmbeddedDocumentExtractor.class, new MessageBodiesOnly(context));
    return context;
  }

  /** A refusal of ours (a limit hit inside the handler) that Tika wrapped on its way out. */
  private static UnparseableDocumentException ownCause(Throwable e) {
    for (Throwable cause = e;
        cause != null;
        cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof UnparseableDocumentException ours) {
        return ours;
      }
    }
    return null;
  }

  /** Places each outline entry at the first occurrence of its title on its page. */
  private static void addOutlineHeadings(DocumentContent content, StructureBuilder builder) {
    List<PdfOutline.Entry> entries = PdfOutline.read(content);
    if (entries.isEmpty()) {
      return;
    }
    StructuredDocument pages = builder.build();
    String text = pages.text();
    int searchFrom = 0;
    for (PdfOutline.Entry entry : entries) {
      if (entry.pageIndex() < 0 || entry.pageIndex() >= pages.pages().size()) {
        continue;
      }
      PageSpan page = pages.pages().get(entry.pageIndex());
      int from = Math.max(page.start(), searchFrom);
      int at = text.indexOf(entry.title().strip(), from);
      if (at >= 0 && at < page.end()) {
        builder.heading(at, entry.level(), entry.title());
        searchFrom = at + 1;
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.strip();
  }
}
