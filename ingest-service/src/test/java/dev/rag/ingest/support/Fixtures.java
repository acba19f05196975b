package dev.rag.ingest.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTString;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/**
 * Test documents generated at test time. Every section carries a marker word found nowhere else, so
 * a test can check that the chunks holding it carry that section's path.
 */
public final class Fixtures {

  private static final String[] WORDS = {
    "policy",
    "travel",
    "budget",
    "receipt",
    "manager",
    "approval",
    "flight",
    "hotel",
    "meal",
    "claim",
    "limit",
    "report",
    "employee",
    "office"
  };

  private Fixtures() {}

  /** Sentences of ordinary words with {@code marker} in each, about 12 tokens per sentence. */
  public static List<String> sentences(long seed, String marker, int count) {
    Random random = new Random(seed);
    List<String> sentences = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      StringBuilder sentence = new StringBuilder("The");
      int n = 6 + random.nextInt(6);
      for (int w = 0; w < n; w++) {
        sentence.append(' ').append(w == n / 2 ? marker : WORDS[random.nextInt(WORDS.length)]);
      }
      sentences.add(sentence.append('.').toString());
    }
    return sentences;
  }

  public static String paragraph(long seed, String marker, int count) {
    return String.join(" ", sentences(seed, marker, count));
  }

  /**
   * Two pages: "Introduction" (with "Scope" below it) on page 1, "Travel Rules" on page 2; the
   * outline mirrors them, as word processors export it. Markers: alpha, bravo, charlie.
   */
  public static byte[] pdf(long seed) {
    try (PDDocument pdf = new PDDocument();
        var out = new ByteArrayOutputStream()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      PDPage one =
          page(
              pdf,
              font,
              List.of(
                  section("Introduction", sentences(seed, "alpha", 8)),
                  section("Scope", sentences(seed + 1, "bravo", 8))));
      PDPage two =
          page(pdf, font, List.of(section("Travel Rules", sentences(seed + 2, "charlie", 14))));
      PDDocumentOutline outline = new PDDocumentOutline();
      PDOutlineItem intro = item("Introduction", one);
      intro.addLast(item("Scope", one));
      outline.addLast(intro);
      outline.addLast(item("Travel Rules", two));
      pdf.getDocumentCatalog().setDocumentOutline(outline);
      pdf.getDocumentInformation().setTitle("Travel Handbook");
      pdf.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> section(String heading, List<String> sentences) {
    List<String> lines = new ArrayList<>();
    lines.add(heading);
    lines.add("");
    StringBuilder line = new StringBuilder();
    for (String sentence : sentences) {
      for (String word : sentence.split(" ")) {
        if (line.length() + word.length() + 1 > 70) {
          lines.add(line.toString());
          line.setLength(0);
        }
        line.append(line.isEmpty() ? "" : " ").append(word);
      }
    }
    lines.add(line.toString());
    lines.add("");
    return lines;
  }

  private static PDPage page(PDDocument pdf, PDType1Font font, List<List<String>> sections)
      throws IOException {
    PDPage page = new PDPage();
    pdf.addPage(page);
    try (PDPageContentStream text = new PDPageContentStream(pdf, page)) {
      text.beginText();
      text.setFont(font, 11);
      text.setLeading(14);
      text.newLineAtOffset(50, 740);
      for (List<String> lines : sections) {
        for (String line : lines) {
          text.showText(line);
          text.newLine();
        }
      }
      text.endText();
    }
    return page;
  }

  private static PDOutlineItem item(String title, PDPage page) {
    PDOutlineItem item = new PDOutlineItem();
    item.setTitle(title);
    PDPageFitDestination destination = new PDPageFitDestination();
    destination.setPage(page);
    item.setDestination(destination);
    return item;
  }

  /** "Overview" (h1) with "Accounts" (h2) and "Laptops" (h2). Markers: delta, echo, foxtrot. */
  public static byte[] docx(long seed) {
    try (XWPFDocument doc = new XWPFDocument();
        var out = new ByteArrayOutputStream()) {
      XWPFStyles styles = doc.createStyles();
      for (int level = 1; level <= 2; level++) {
        CTStyle style = CTStyle.Factory.newInstance();
        style.setStyleId("Heading" + level);
        CTString name = CTString.Factory.newInstance();
        name.setVal("heading " + level);
        style.setName(name);
        style.setType(STStyleType.PARAGRAPH);
        styles.addStyle(new XWPFStyle(style));
      }
      heading(doc, "Heading1", "Overview");
      doc.createParagraph().createRun().setText(paragraph(seed, "delta", 6));
      heading(doc, "Heading2", "Accounts");
      doc.createParagraph().createRun().setText(paragraph(seed + 1, "echo", 12));
      heading(doc, "Heading2", "Laptops");
      doc.createParagraph().createRun().setText(paragraph(seed + 2, "foxtrot", 12));
      doc.getProperties().getCoreProperties().setTitle("Onboarding Guide");
      doc.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A zip bomb shaped like a DOCX: {@link #docx}'s parts, with {@code word/document.xml} replaced
   * by paragraphs of one repeated sentence until it holds {@code textBytes} bytes. Deflate packs
   * that about 1000:1, so 300 MB of text travels in about 300 KB. Written as it is compressed: the
   * test never holds the text itself.
   */
  public static byte[] zipBombDocx(long textBytes) {
    byte[] paragraph =
        ("<w:p><w:r><w:t>"
                + "All work and no play makes a dull document. ".repeat(40)
                + "</w:t></w:r></w:p>")
            .getBytes(StandardCharsets.UTF_8);
    var out = new ByteArrayOutputStream();
    try (var zip = new ZipOutputStream(out);
        var in = new ZipInputStream(new ByteArrayInputStream(docx(1)))) {
      zip.setLevel(Deflater.BEST_COMPRESSION);
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        zip.putNextEntry(new ZipEntry(entry.getName()));
        if (!entry.getName().equals("word/document.xml")) {
          in.transferTo(zip);
          continue;
        }
        zip.write(
            ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                    + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                    + "<w:body>")
                .getBytes(StandardCharsets.UTF_8));
        for (long written = 0; written < textBytes; written += paragraph.length) {
          zip.write(paragraph);
        }
        zip.write("</w:body></w:document>".getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * {@link #docx}'s parts plus {@code extra} one-byte entries, stored (not deflated) so that no
   * data descriptors are written: about 80 bytes an entry, 10,001 entries in under 1 MB.
   */
  public static byte[] docxWithExtraEntries(int extra) {
    var out = new ByteArrayOutputStream();
    try (var zip = new ZipOutputStream(out);
        var in = new ZipInputStream(new ByteArrayInputStream(docx(1)))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        zip.putNextEntry(new ZipEntry(entry.getName()));
        in.transferTo(zip);
      }
      var crc = new java.util.zip.CRC32();
      crc.update('x');
      for (int i = 0; i < extra; i++) {
        ZipEntry entry = new ZipEntry(Integer.toString(i, 36));
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(1);
        entry.setCompressedSize(1);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write('x');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void heading(XWPFDocument doc, String style, String text) {
    var paragraph = doc.createParagraph();
    paragraph.setStyle(style);
    paragraph.createRun().setText(text);
  }

  /** "Expenses" (h1) with "Meals" and "Hotels" (h2). Markers: golf, hotelmark, india. */
  public static String html(long seed) {
    return "<html><head><title>Expense Policy</title><style>p { color: red }</style></head><body>"
        + "<h1>Expenses</h1><p>"
        + paragraph(seed, "golf", 5)
        + "</p>"
        + "<h2>Meals</h2><p>"
        + paragraph(seed + 1, "hotelmark", 12)
        + "</p>"
        + "<h2>Hotels</h2><p>"
        + paragraph(seed + 2, "india", 12)
        + "</p></body></html>";
  }

  /**
   * "Security" (h1) with "Passwords" and "Devices" (h2) and a fenced "# comment". Markers: juliet,
   * kilo, lima.
   */
  public static String markdown(long seed) {
    return "# Security\n\n"
        + paragraph(seed, "juliet", 4)
        + "\n\n## Passwords\n\n"
        + paragraph(seed + 1, "kilo", 12)
        + "\n\n```\n# not a heading\n```\n\n## Devices\n\n"
        + paragraph(seed + 2, "lima", 12)
        + "\n";
  }
}
