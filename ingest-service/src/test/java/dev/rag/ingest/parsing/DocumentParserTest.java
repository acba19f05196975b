package dev.rag.ingest.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.encoders.chunking.StructuredDocument;
import dev.rag.encoders.chunking.StructuredDocument.Section;
import dev.rag.ingest.support.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.tika.config.TikaConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing of each supported format, and the refusals, without Spring. */
class DocumentParserTest {

  static final TikaConfig TIKA = TikaConfig.getDefaultConfig();
  final DocumentParser parser = new DocumentParser(TIKA, 1_000_000);
  final ContentTypes types = new ContentTypes(TIKA);

  @Test
  void readsPdfPagesAndHeadingsFromTheOutline() {
    var content = new DocumentContent.Bytes(Fixtures.pdf(1));
    assertThat(types.detect(content, "handbook.pdf")).isEqualTo(ContentTypes.PDF);
    ParsedDocument parsed = parser.parse(content, ContentTypes.PDF, "handbook.pdf");
    StructuredDocument doc = parsed.structure();
    assertThat(parsed.title()).isEqualTo("Travel Handbook");
    assertThat(doc.pages()).extracting(StructuredDocument.PageSpan::number).containsExactly(1, 2);
    assertThat(doc.sections())
        .extracting(Section::headingPath)
        .containsExactly(
            List.of("Introduction"), List.of("Introduction", "Scope"), List.of("Travel Rules"));
    assertSectionHolds(doc, List.of("Introduction", "Scope"), "bravo");
    assertSectionHolds(doc, List.of("Travel Rules"), "charlie");
    int charlie = doc.text().indexOf("charlie");
    assertThat(doc.pageAt(charlie)).isEqualTo(2);
    assertThat(doc.pageAt(doc.text().indexOf("alpha"))).isEqualTo(1);
  }

  @Test
  void readsDocxHeadingStylesAsNestedSections() {
    var content = new DocumentContent.Bytes(Fixtures.docx(2));
    assertThat(types.detect(content, "guide.docx")).isEqualTo(ContentTypes.DOCX);
    ParsedDocument parsed = parser.parse(content, ContentTypes.DOCX, "guide.docx");
    assertThat(parsed.title()).isEqualTo("Onboarding Guide");
    assertThat(parsed.structure().sections())
        .extracting(Section::headingPath)
        .containsExactly(
            List.of("Overview"), List.of("Overview", "Accounts"), List.of("Overview", "Laptops"));
    assertSectionHolds(parsed.structure(), List.of("Overview", "Laptops"), "foxtrot");
    assertThat(parsed.structure().pages()).isEmpty();
  }

  @Test
  void readsHtmlHeadingsAndLeavesTheHeadOut() {
    var content = new DocumentContent.Bytes(Fixtures.html(3).getBytes(StandardCharsets.UTF_8));
    assertThat(types.detect(content, "expenses.html")).isEqualTo(ContentTypes.HTML);
    ParsedDocument parsed = parser.parse(content, ContentTypes.HTML, "expenses.html");
    assertThat(parsed.title()).isEqualTo("Expense Policy");
    assertThat(parsed.structure().text())
        .doesNotContain("color: red")
        .doesNotContain("Expense Policy");
    assertThat(parsed.structure().sections())
        .extracting(Section::headingPath)
        .containsExactly(
            List.of("Expenses"), List.of("Expenses", "Meals"), List.of("Expenses", "Hotels"));
    assertSectionHolds(parsed.structure(), List.of("Expenses", "Meals"), "hotelmark");
  }

  @Test
  void readsMarkdownHeadingsButNotInsideCodeFences() {
    String markdown = Fixtures.markdown(4);
    var content = new DocumentContent.Bytes(markdown.getBytes(StandardCharsets.UTF_8));
    assertThat(ContentTypes.canonical(types.detect(content, "security.md")))
        .isEqualTo(ContentTypes.MARKDOWN);
    ParsedDocument parsed = parser.parse(content, ContentTypes.MARKDOWN, "security.md");
    assertThat(parsed.title()).isEqualTo("Security");
    assertThat(parsed.structure().text()).isEqualTo(markdown);
    assertThat(parsed.structure().sections())
        .extracting(Section::headingPath)
        .containsExactly(
            List.of("Security"), List.of("Security", "Passwords"), List.of("Security", "Devices"));
  }

  @Test
  void refusesInvalidUtf8NamingTheByteOffset() {
    byte[] bytes = {'o', 'k', ' ', (byte) 0xC3, (byte) 0x28, 'x'};
    assertThatThrownBy(
            () -> parser.parse(new DocumentContent.Bytes(bytes), ContentTypes.TEXT, "bad.txt"))
        .isInstanceOfSatisfying(
            UnparseableDocumentException.class,
            e -> assertThat(e.kind()).isEqualTo(UnparseableDocumentException.Kind.INVALID_ENCODING))
        .hasMessageContaining("byte offset 3");
  }

  @Test
  void refusesACorruptPdf() {
    byte[] bytes = "%PDF-1.7\nthis is not really a pdf\n".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(
            () -> parser.parse(new DocumentContent.Bytes(bytes), ContentTypes.PDF, "broken.pdf"))
        .isInstanceOfSatisfying(
            UnparseableDocumentException.class,
            e -> assertThat(e.kind()).isEqualTo(UnparseableDocumentException.Kind.CORRUPT))
        .hasMessageContaining("cannot parse as application/pdf");
  }

  @Test
  void refusesAnUnsupportedType() {
    assertThatThrownBy(
            () -> parser.parse(new DocumentContent.Bytes(new byte[] {1}), "image/png", "x.png"))
        .isInstanceOf(UnparseableDocumentException.class)
        .hasMessageContaining("unsupported content type image/png");
  }

  @Test
  void refusesTextOverTheExtractionLimit() {
    var small = new DocumentParser(TIKA, 1000);
    byte[] bytes = "word ".repeat(300).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () -> small.parse(new DocumentContent.Bytes(bytes), ContentTypes.TEXT, "big.txt"))
        .isInstanceOf(UnparseableDocumentException.class)
        .hasMessageContaining("more than 1000 characters");
  }

  @Test
  void refusesADocxZipBombAtTheDefaultLimitsBeforeParsingIt(@TempDir Path dir) throws Exception {
    byte[] bomb = Fixtures.zipBombDocx(300_000_000L); // 300 MB of text in about 1 MB
    assertThat(bomb.length).isLessThan(1_100_000);
    Path file = Files.write(dir.resolve("bomb.docx"), bomb);
    var defaults = new DocumentParser(TIKA, 20_000_000, ArchiveLimits.DEFAULTS);
    for (DocumentContent content :
        List.of(new DocumentContent.File(file), new DocumentContent.Bytes(bomb))) {
      assertThatThrownBy(() -> defaults.parse(content, ContentTypes.DOCX, "bomb.docx"))
          .isInstanceOfSatisfying(
              UnparseableDocumentException.class,
              e -> assertThat(e.kind()).isEqualTo(UnparseableDocumentException.Kind.TOO_LARGE))
          .hasMessage("the archive expands to more than 200MB (rag.ingest.max-decompressed-size)");
    }
  }

  @Test
  void refusesAnArchiveWithTooManyEntries(@TempDir Path dir) throws Exception {
    var bytes = new java.io.ByteArrayOutputStream();
    try (var zip = new java.util.zip.ZipOutputStream(bytes);
        var docx =
            new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(Fixtures.docx(5)))) {
      for (java.util.zip.ZipEntry entry; (entry = docx.getNextEntry()) != null; ) {
        zip.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
        docx.transferTo(zip);
      }
      for (int i = 0; i < 200; i++) {
        zip.putNextEntry(new java.util.zip.ZipEntry("customXml/item" + i + ".xml"));
        zip.write("<x/>".getBytes(StandardCharsets.UTF_8));
      }
    }
    Path file = Files.write(dir.resolve("many.docx"), bytes.toByteArray());
    var strict =
        new DocumentParser(
            TIKA, 1_000_000, new ArchiveLimits(100, ArchiveLimits.DEFAULT_MAX_DECOMPRESSED_BYTES));
    for (DocumentContent content :
        List.of(new DocumentContent.File(file), new DocumentContent.Bytes(bytes.toByteArray()))) {
      assertThatThrownBy(() -> strict.parse(content, ContentTypes.DOCX, "many.docx"))
          .isInstanceOf(UnparseableDocumentException.class)
          .hasMessage("the archive holds more than 100 entries (rag.ingest.max-archive-entries)");
    }
    assertThat(
            parser
                .parse(new DocumentContent.File(file), ContentTypes.DOCX, "many.docx")
                .structure()
                .text())
        .contains("foxtrot");
  }

  @Test
  void stopsReadingADocxAtTheCharacterLimit(@TempDir Path dir) throws Exception {
    // 20 MB of text, well inside the archive limits: the character count is what stops it.
    Path file = Files.write(dir.resolve("long.docx"), Fixtures.zipBombDocx(20_000_000L));
    var small = new DocumentParser(TIKA, 100_000, ArchiveLimits.DEFAULTS);
    assertThatThrownBy(
            () -> small.parse(new DocumentContent.File(file), ContentTypes.DOCX, "long.docx"))
        .isInstanceOf(UnparseableDocumentException.class)
        .hasMessageContaining(
            "more than 100000 characters of text (rag.ingest.max-extracted-chars)");
  }

  @Test
  void refusesAZipItCannotMeasureAsCorrupt() {
    byte[] notReallyZip =
        "PK\u0003\u0004 and then nothing a zip reader can follow"
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(
            () ->
                parser.parse(
                    new DocumentContent.Bytes(notReallyZip), ContentTypes.DOCX, "odd.docx"))
        .isInstanceOfSatisfying(
            UnparseableDocumentException.class,
            e -> assertThat(e.kind()).isEqualTo(UnparseableDocumentException.Kind.CORRUPT));
  }

  @Test
  void archiveLimitsRejectNonPositiveBounds() {
    assertThatThrownBy(() -> new ArchiveLimits(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxEntries must be >= 1, was 0");
    assertThatThrownBy(() -> new ArchiveLimits(1, -5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDecompressedBytes must be >= 1, was -5");
  }

  private static void assertSectionHolds(StructuredDocument doc, List<String> path, String marker) {
    int at = doc.text().indexOf(marker);
    assertThat(at).as("marker %s in text", marker).isNotNegative();
    assertThat(doc.sections())
        .filteredOn(s -> s.start() <= at && at < s.end())
        .singleElement()
        .extracting(Section::headingPath)
        .isEqualTo(path);
  }
}
