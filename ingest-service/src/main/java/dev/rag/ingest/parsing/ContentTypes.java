package dev.rag.ingest.parsing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;

/**
 * Which formats are ingested, and what a file is. Detection uses Tika's magic bytes and container
 * inspection (a DOCX or XLSX is a zip with a Word or Excel part, an ODS a zip whose {@code
 * mimetype} entry says so) together with the file name (CSV and TSV are text told apart by their
 * extension), never the client's declared type alone: browsers send {@code
 * application/octet-stream} freely.
 */
public final class ContentTypes {

  public static final String PDF = "application/pdf";
  public static final String DOCX =
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  public static final String HTML = "text/html";
  public static final String MARKDOWN = "text/markdown";
  public static final String TEXT = "text/plain";
  public static final String CSV = "text/csv";
  public static final String TSV = "text/tab-separated-values";
  public static final String XLSX =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  public static final String ODS = "application/vnd.oasis.opendocument.spreadsheet";
  public static final String PPTX =
      "application/vnd.openxmlformats-officedocument.presentationml.presentation";
  public static final String ODP = "application/vnd.oasis.opendocument.presentation";
  public static final String EML = "message/rfc822";
  public static final String EPUB = "application/epub+zip";

  /** Supported types and the aliases Tika or clients use for them. */
  private static final Map<String, String> CANONICAL =
      Map.ofEntries(
          Map.entry(PDF, PDF),
          Map.entry(DOCX, DOCX),
          Map.entry(HTML, HTML),
          Map.entry("application/xhtml+xml", HTML),
          Map.entry(MARKDOWN, MARKDOWN),
          Map.entry("text/x-web-markdown", MARKDOWN),
          Map.entry("text/x-markdown", MARKDOWN),
          Map.entry(TEXT, TEXT),
          Map.entry(CSV, CSV),
          Map.entry("application/csv", CSV),
          Map.entry(TSV, TSV),
          Map.entry(XLSX, XLSX),
          Map.entry(ODS, ODS),
          Map.entry(PPTX, PPTX),
          Map.entry(ODP, ODP),
          Map.entry(EML, EML),
          Map.entry(EPUB, EPUB));

  /** Every canonical type we parse. */
  public static final Set<String> SUPPORTED =
      Set.of(PDF, DOCX, HTML, MARKDOWN, TEXT, CSV, TSV, XLSX, ODS, PPTX, ODP, EML, EPUB);

  private final Detector detector;

  public ContentTypes(TikaConfig tika) {
    this.detector = tika.getDetector();
  }

  /** The canonical supported type, or null when the (base) type is not one we parse. */
  public static String canonical(String type) {
    if (type == null) {
      return null;
    }
    MediaType parsed = MediaType.parse(type.trim());
    return parsed == null ? null : CANONICAL.get(parsed.getBaseType().toString());
  }

  /**
   * Whether a canonical type is decoded by us as text (strict UTF-8) rather than by Tika: plain
   * text, Markdown, and CSV/TSV (read by {@link DelimitedText}: Tika reads them as plain text).
   */
  public static boolean isText(String canonicalType) {
    return TEXT.equals(canonicalType)
        || MARKDOWN.equals(canonicalType)
        || CSV.equals(canonicalType)
        || TSV.equals(canonicalType);
  }

  /** The detected base type, e.g. {@code application/pdf}, {@code image/png}. */
  public String detect(DocumentContent content, String fileName) {
    Metadata metadata = new Metadata();
    if (fileName != null) {
      metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
    }
    try (InputStream raw = content.open();
        TikaInputStream in = open(content, raw)) {
      return detector.detect(in, metadata).getBaseType().toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read content to detect its type", e);
    }
  }

  private static TikaInputStream open(DocumentContent content, InputStream raw) throws IOException {
    // A path lets Tika open zip containers (DOCX) by random access instead of buffering them.
    return content instanceof DocumentContent.File file
        ? TikaInputStream.get(file.path())
        : TikaInputStream.get(raw);
  }
}
