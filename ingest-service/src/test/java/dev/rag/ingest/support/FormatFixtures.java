package dev.rag.ingest.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.sl.usermodel.Placeholder;
import org.apache.poi.xslf.usermodel.SlideLayout;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFTable;

/**
 * Spreadsheets, slides, e-books and messages built at test time: XLSX, PPTX and DOCX with Apache
 * POI (which Tika brings), the OpenDocument and EPUB containers written as the zips their
 * specifications describe.
 */
public final class FormatFixtures {

  private FormatFixtures() {}

  /**
   * Sheet "Prices" (Product, Price, Region; Widget has no price; a blank row between), then an
   * empty sheet "Notes", then "Staff" (Name, Office).
   */
  public static byte[] xlsx() {
    try (XSSFWorkbook book = new XSSFWorkbook();
        var out = new ByteArrayOutputStream()) {
      XSSFSheet prices = book.createSheet("Prices");
      row(prices, 0, "Product", "Price", "Region");
      XSSFRow widget = prices.createRow(1);
      widget.createCell(0).setCellValue("Widget");
      widget.createCell(2).setCellValue("North");
      XSSFRow gadget = prices.createRow(3);
      gadget.createCell(0).setCellValue("Gadget");
      gadget.createCell(1).setCellValue(12.5);
      gadget.createCell(2).setCellValue("South");
      book.createSheet("Notes");
      XSSFSheet staff = book.createSheet("Staff");
      row(staff, 0, "Name", "Office");
      row(staff, 1, "Quentin Marlow", "Room 4B");
      book.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One sheet of {@code rows} x {@code columns} numeric cells under a header row. */
  public static byte[] xlsxGrid(int rows, int columns) {
    try (XSSFWorkbook book = new XSSFWorkbook();
        var out = new ByteArrayOutputStream()) {
      XSSFSheet sheet = book.createSheet("Grid");
      XSSFRow header = sheet.createRow(0);
      for (int c = 0; c < columns; c++) {
        header.createCell(c).setCellValue("Column" + c);
      }
      for (int r = 1; r <= rows; r++) {
        XSSFRow row = sheet.createRow(r);
        for (int c = 0; c < columns; c++) {
          row.createCell(c).setCellValue(r * 1000 + c);
        }
      }
      book.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #xlsx}'s parts with its first sheet replaced by {@code cells} cells of one string. */
  public static byte[] zipBombXlsx(long cells) {
    var out = new ByteArrayOutputStream();
    try (var zip = new ZipOutputStream(out);
        var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(xlsx()))) {
      zip.setLevel(Deflater.BEST_COMPRESSION);
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        zip.putNextEntry(new ZipEntry(entry.getName()));
        if (!entry.getName().equals("xl/worksheets/sheet1.xml")) {
          in.transferTo(zip);
          continue;
        }
        zip.write(
            ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet"
                    + " xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                    + "<sheetData><row r=\"1\">")
                .getBytes(StandardCharsets.UTF_8));
        byte[] cell =
            "<c t=\"inlineStr\"><is><t>boom</t></is></c>".getBytes(StandardCharsets.UTF_8);
        for (long i = 0; i < cells; i++) {
          zip.write(cell);
        }
        zip.write("</row></sheetData></worksheet>".getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void row(XSSFSheet sheet, int index, String... values) {
    XSSFRow row = sheet.createRow(index);
    for (int i = 0; i < values.length; i++) {
      row.createCell(i).setCellValue(values[i]);
    }
  }

  /**
   * Slides "Quarterly Results" (with speaker notes), "Hiring Plan", and one without a title whose
   * body says "untitled slide body".
   */
  public static byte[] pptx() {
    try (XMLSlideShow deck = new XMLSlideShow();
        var out = new ByteArrayOutputStream()) {
      var layout = deck.getSlideMasters().getFirst().getLayout(SlideLayout.TITLE_AND_CONTENT);
      XSLFSlide results = deck.createSlide(layout);
      results.getPlaceholder(0).setText("Quarterly Results");
      results.getPlaceholder(1).setText("Revenue grew by nine percent\nCosts fell in March");
      for (var shape : deck.getNotesSlide(results).getPlaceholders()) {
        if (shape.getPlaceholder() == Placeholder.BODY) {
          shape.setText("speaker notes are not shown");
        }
      }
      XSLFSlide hiring = deck.createSlide(layout);
      hiring.getPlaceholder(0).setText("Hiring Plan");
      hiring.getPlaceholder(1).setText("Hire two engineers in Lisbon");
      XSLFSlide untitled =
          deck.createSlide(deck.getSlideMasters().getFirst().getLayout(SlideLayout.BLANK));
      untitled.createTextBox().setText("untitled slide body");
      deck.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "Overview" with a table (Item, Cost) of two rows, then a closing paragraph. */
  public static byte[] docxWithTable() {
    try (XWPFDocument doc = new XWPFDocument();
        var out = new ByteArrayOutputStream()) {
      doc.createParagraph().createRun().setText("Costs of the move are below.");
      XWPFTable table = doc.createTable(3, 2);
      String[][] cells = {{"Item", "Cost"}, {"Boxes", "40 EUR"}, {"Van", "250 EUR"}};
      for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 2; c++) {
          table.getRow(r).getCell(c).setText(cells[r][c]);
        }
      }
      doc.createParagraph().createRun().setText("Ask facilities before booking.");
      doc.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final String ODF_NAMESPACES =
      " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
          + " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
          + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
          + " xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\""
          + " xmlns:presentation=\"urn:oasis:names:tc:opendocument:xmlns:presentation:1.0\""
          + " office:version=\"1.2\"";

  /** Sheets "Inventory" (Item, Count: Bolts 7, Nuts 9) and "Suppliers" (Name: Acme). */
  public static byte[] ods() {
    return odf(
        "application/vnd.oasis.opendocument.spreadsheet",
        "<office:spreadsheet><table:table table:name=\"Inventory\">"
            + odsRow("Item", "Count")
            + odsRow("Bolts", "7")
            + odsRow("Nuts", "9")
            + "</table:table><table:table table:name=\"Suppliers\">"
            + odsRow("Name")
            + odsRow("Acme Fasteners")
            + "</table:table></office:spreadsheet>");
  }

  private static String odsRow(String... values) {
    StringBuilder row = new StringBuilder("<table:table-row>");
    for (String value : values) {
      row.append("<table:table-cell office:value-type=\"string\"><text:p>")
          .append(value)
          .append("</text:p></table:table-cell>");
    }
    return row.append("</table:table-row>").toString();
  }

  /** Slides "Roadmap 2025" and "Risks", with speaker notes on the second. */
  public static byte[] odp() {
    return odf(
        "application/vnd.oasis.opendocument.presentation",
        "<office:presentation>"
            + "<draw:page draw:name=\"p1\">"
            + "<draw:frame presentation:class=\"title\"><draw:text-box><text:p>Roadmap 2025</text:p>"
            + "</draw:text-box></draw:frame><draw:frame presentation:class=\"outline\"><draw:text-box>"
            + "<text:list><text:list-item><text:p>Launch the mobile app</text:p></text:list-item>"
            + "</text:list></draw:text-box></draw:frame></draw:page>"
            + "<draw:page draw:name=\"p2\">"
            + "<draw:frame presentation:class=\"title\"><draw:text-box><text:p>Risks</text:p>"
            + "</draw:text-box></draw:frame><draw:frame presentation:class=\"outline\"><draw:text-box>"
            + "<text:p>Hiring is slow</text:p></draw:text-box></draw:frame>"
            + "<presentation:notes><draw:frame><draw:text-box><text:p>private notes</text:p>"
            + "</draw:text-box></draw:frame></presentation:notes></draw:page>"
            + "</office:presentation>");
  }

  private static byte[] odf(String mimetype, String body) {
    String manifest =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest"
            + " xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\""
            + " manifest:version=\"1.2\"><manifest:file-entry manifest:full-path=\"/\""
            + " manifest:media-type=\""
            + mimetype
            + "\"/><manifest:file-entry manifest:full-path=\"content.xml\""
            + " manifest:media-type=\"text/xml\"/></manifest:manifest>";
    String content =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content"
            + ODF_NAMESPACES
            + "><office:body>"
            + body
            + "</office:body></office:document-content>";
    return zip(mimetype, "META-INF/manifest.xml", manifest, "content.xml", content);
  }

  /**
   * Chapters "Tulips" then "Roses" (spine order), the second with a captioned table "Feeding"
   * (Month, Feed) and a paragraph after it.
   */
  public static byte[] epub() {
    return zip(
        "application/epub+zip",
        "META-INF/container.xml",
        "<?xml version=\"1.0\"?><container version=\"1.0\""
            + " xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles><rootfile"
            + " full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>"
            + "</rootfiles></container>",
        "OEBPS/content.opf",
        "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\""
            + " unique-identifier=\"id\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
            + "<dc:identifier id=\"id\">garden-1</dc:identifier><dc:title>Garden Book</dc:title>"
            + "<dc:language>en</dc:language></metadata><manifest>"
            + "<item id=\"c1\" href=\"c1.xhtml\" media-type=\"application/xhtml+xml\"/>"
            + "<item id=\"c2\" href=\"c2.xhtml\" media-type=\"application/xhtml+xml\"/>"
            + "</manifest><spine><itemref idref=\"c2\"/><itemref idref=\"c1\"/></spine></package>",
        "OEBPS/c1.xhtml",
        "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>c1"
            + "</title></head><body><h1>Roses</h1><p>Prune roses in March.</p><table><caption>"
            + "Feeding</caption><tr><th>Month</th><th>Feed</th></tr><tr><td>April</td><td>"
            + "Compost</td></tr></table><p>Water them at dawn.</p></body></html>",
        "OEBPS/c2.xhtml",
        "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>c2"
            + "</title></head><body><h1>Tulips</h1><p>Plant tulips in autumn.</p></body></html>");
  }

  /**
   * A message "Offsite plan" with a plain and an HTML body, a text attachment and a zip attachment
   * (a DOCX).
   */
  public static byte[] eml() {
    String docx = java.util.Base64.getMimeEncoder().encodeToString(Fixtures.docx(1));
    return ("From: Ana <ana@example.com>\r\nTo: team@example.com\r\nSubject: Offsite plan\r\n"
            + "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=outer\r\n\r\n"
            + "--outer\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n"
            + "--inner\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + "The offsite is in Lisbon on the ninth.\r\n"
            + "--inner\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
            + "<html><body><p>The offsite is in <b>Lisbon</b> on the ninth.</p></body></html>\r\n"
            + "--inner--\r\n"
            + "--outer\r\nContent-Type: text/plain; name=notes.txt\r\n"
            + "Content-Disposition: attachment; filename=notes.txt\r\n\r\n"
            + "attached words stay out\r\n"
            + "--outer\r\nContent-Type: application/vnd.openxmlformats-officedocument"
            + ".wordprocessingml.document; name=guide.docx\r\n"
            + "Content-Disposition: attachment; filename=guide.docx\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + docx
            + "\r\n--outer--\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A zip whose first entry is {@code mimetype}, stored, as OpenDocument and EPUB require. */
  static byte[] zip(String mimetype, String... namesAndContents) {
    var out = new ByteArrayOutputStream();
    try (var zip = new ZipOutputStream(out)) {
      byte[] type = mimetype.getBytes(StandardCharsets.US_ASCII);
      ZipEntry first = new ZipEntry("mimetype");
      first.setMethod(ZipEntry.STORED);
      first.setSize(type.length);
      first.setCompressedSize(type.length);
      CRC32 crc = new CRC32();
      crc.update(type);
      first.setCrc(crc.getValue());
      zip.putNextEntry(first);
      zip.write(type);
      for (int i = 0; i < namesAndContents.length; i += 2) {
        zip.putNextEntry(new ZipEntry(namesAndContents[i]));
        zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
