package dev.rag.ingest.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.encoders.chunking.StructuredDocument;
import dev.rag.encoders.chunking.StructuredDocument.Section;
import dev.rag.ingest.parsing.UnparseableDocumentException.Kind;
import dev.rag.ingest.support.FormatFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.tika.config.TikaConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spreadsheets, CSV/TSV, slides, e-books and email: detection, tables written row by row with their
 * column names, sheet names, captions and slide titles as sections, and the refusals.
 */
class NewFormatsParserTest {

  static final TikaConfig TIKA = DocumentParserTest.TIKA;
  final DocumentParser parser = new DocumentParser(TIKA, 1_000_000);
  final ContentTypes types = new ContentTypes(TIKA);

  @Test
  void readsXlsxSheetsAsSectionsWithEveryValueUnderItsColumnName(@TempDir Path dir)
      throws Exception {
    byte[] bytes = FormatFixtures.xlsx();
    Path file = Files.write(dir.resolve("prices.xlsx"), bytes);
    for (DocumentContent content :
        List.of(new DocumentContent.File(file), new DocumentContent.Bytes(bytes))) {
      assertThat(types.detect(content, "prices.xlsx")).isEqualTo(ContentTypes.XLSX);
      StructuredDocument doc = parser.parse(content, ContentTypes.XLSX, "prices.xlsx").structure();
      assertThat(lines(doc))
          .containsSubsequence(
              "Prices",
              "Product: Widget | Region: North",
              "Product: Gadget | Price: 12.5 | Region: South",
              "Staff",
              "Name: Quentin Marlow | Office: Room 4B");
      assertThat(doc.text()).doesNotContain("Notes"); // the empty sheet leaves nothing
      assertSectionHolds(doc, List.of("Prices"), "Gadget");
      assertSectionHolds(doc, List.of("Staff"), "Quentin");
      assertThat(doc.tables()).hasSize(2);
      assertThat(doc.text().substring(doc.tables().getFirst().start()))
          .startsWith("Product: Widget");
    }
  }

  @Test
  void readsCsvWithRaggedRowsAndTsv() {
    String csv =
        "Name,Age,City\nAlice,30,Paris\nBob,41\n\"Carl, Jr.\",22,Rome,extra\n,,\n\"Dana\",,\"Oslo\"\n";
    var content = new DocumentContent.Bytes(csv.getBytes(StandardCharsets.UTF_8));
    assertThat(ContentTypes.canonical(types.detect(content, "people.csv")))
        .isEqualTo(ContentTypes.CSV);
    StructuredDocument doc = parser.parse(content, ContentTypes.CSV, "people.csv").structure();
    assertThat(lines(doc))
        .containsExactly(
            "Name: Alice | Age: 30 | City: Paris",
            "Name: Bob | Age: 41",
            "Name: Carl, Jr. | Age: 22 | City: Rome | extra",
            "Name: Dana | City: Oslo");
    assertThat(doc.tables()).singleElement();

    var tsv = new DocumentContent.Bytes("Code\tMeaning\nE42\tDisk \"full\"\n".getBytes());
    assertThat(ContentTypes.canonical(types.detect(tsv, "codes.tsv"))).isEqualTo(ContentTypes.TSV);
    assertThat(lines(parser.parse(tsv, ContentTypes.TSV, "codes.tsv").structure()))
        .containsExactly("Code: E42 | Meaning: Disk \"full\"");
  }

  @Test
  void readsASemicolonSeparatedCsv() {
    var content = new DocumentContent.Bytes("Item;Price\nTea;2,50\n".getBytes());
    assertThat(lines(parser.parse(content, ContentTypes.CSV, "menu.csv").structure()))
        .containsExactly("Item: Tea | Price: 2,50");
  }

  @Test
  void writesATableWithoutAHeaderRowAsBareValues() {
    var content = new DocumentContent.Bytes("2024-01-05,17,ok\n2024-01-06,18,late\n".getBytes());
    assertThat(lines(parser.parse(content, ContentTypes.CSV, "log.csv").structure()))
        .containsExactly("2024-01-05 | 17 | ok", "2024-01-06 | 18 | late");
    String paragraph =
        "This layout table holds a whole paragraph of prose in its first cell, not a name.";
    String html =
        "<html><body><table><tr><td>"
            + paragraph
            + "</td><td>Side note</td></tr><tr><td>More prose</td><td>Another note</td></tr>"
            + "</table></body></html>";
    assertThat(
            lines(
                parser
                    .parse(
                        new DocumentContent.Bytes(html.getBytes(StandardCharsets.UTF_8)),
                        ContentTypes.HTML,
                        "layout.html")
                    .structure()))
        .containsExactly(paragraph + " | Side note", "More prose | Another note");
  }

  @Test
  void refusesCsvWithAnUnterminatedQuoteNamingTheLine() {
    var content = new DocumentContent.Bytes("a,b\n1,2\n3,\"never closed\n4,5\n".getBytes());
    assertThatThrownBy(() -> parser.parse(content, ContentTypes.CSV, "broken.csv"))
        .isInstanceOfSatisfying(
            UnparseableDocumentException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CORRUPT))
        .hasMessageStartingWith("not valid CSV: ")
        .hasMessageContaining("3");
  }

  @Test
  void readsPptxSlidesInDeckOrderWithTheirTitlesAsSections() {
    var content = new DocumentContent.Bytes(FormatFixtures.pptx());
    assertThat(types.detect(content, "results.pptx")).isEqualTo(ContentTypes.PPTX);
    ParsedDocument parsed = parser.parse(content, ContentTypes.PPTX, "results.pptx");
    StructuredDocument doc = parsed.structure();
    assertThat(doc.sections())
        .extracting(Section::headingPath)
        .containsExactly(List.of("Quarterly Results"), List.of("Hiring Plan"), List.of("Slide 3"));
    assertSectionHolds(doc, List.of("Quarterly Results"), "nine percent");
    assertSectionHolds(doc, List.of("Hiring Plan"), "Lisbon");
    assertSectionHolds(doc, List.of("Slide 3"), "untitled slide body");
    assertThat(doc.text()).doesNotContain("speaker notes");
    assertThat(parsed.title()).isEqualTo("Quarterly Results");
  }

  @Test
  void readsOdsSheetNamesAndOdpSlideTitles() {
    var ods = new DocumentContent.Bytes(FormatFixtures.ods());
    assertThat(types.detect(ods, "stock.ods")).isEqualTo(ContentTypes.ODS);
    StructuredDocument sheets = parser.parse(ods, ContentTypes.ODS, "stock.ods").structure();
    assertThat(lines(sheets))
        .containsSubsequence(
            "Inventory", "Item: Bolts | Count: 7", "Item: Nuts | Count: 9", "Suppliers");
    assertSectionHolds(sheets, List.of("Inventory"), "Nuts");
    assertSectionHolds(sheets, List.of("Suppliers"), "Name: Acme Fasteners");

    var odp = new DocumentContent.Bytes(FormatFixtures.odp());
    assertThat(types.detect(odp, "plan.odp")).isEqualTo(ContentTypes.ODP);
    StructuredDocument slides = parser.parse(odp, ContentTypes.ODP, "plan.odp").structure();
    assertThat(slides.sections())
        .extracting(Section::headingPath)
        .containsExactly(List.of("Roadmap 2025"), List.of("Risks"));
    assertSectionHolds(slides, List.of("Roadmap 2025"), "mobile app");
    assertSectionHolds(slides, List.of("Risks"), "Hiring is slow");
    assertThat(slides.text()).doesNotContain("private notes");
  }

  @Test
  void readsEpubChaptersAndACaptionedTableAsItsOwnSection() {
    var content = new DocumentContent.Bytes(FormatFixtures.epub());
    assertThat(types.detect(content, "garden.epub")).isEqualTo(ContentTypes.EPUB);
    ParsedDocument parsed = parser.parse(content, ContentTypes.EPUB, "garden.epub");
    StructuredDocument doc = parsed.structure();
    assertThat(parsed.title()).isEqualTo("Garden Book");
    assertSectionHolds(doc, List.of("Tulips"), "autumn");
    assertSectionHolds(doc, List.of("Roses", "Feeding"), "Month: April | Feed: Compost");
    assertSectionHolds(doc, List.of("Roses"), "Water them at dawn");
    assertThat(doc.text().indexOf("Tulips")).isLessThan(doc.text().indexOf("Roses"));
  }

  @Test
  void readsDocxAndHtmlTablesRowByRow() {
    StructuredDocument docx =
        parser
            .parse(
                new DocumentContent.Bytes(FormatFixtures.docxWithTable()),
                ContentTypes.DOCX,
                "move.docx")
            .structure();
    assertThat(lines(docx))
        .containsSubsequence(
            "Costs of the move are below.",
            "Item: Boxes | Cost: 40 EUR",
            "Item: Van | Cost: 250 EUR",
            "Ask facilities before booking.");

    String html =
        "<html><body><h1>Fees</h1><p>Intro.</p><table><caption>Fee table</caption>"
            + "<tr><th>Service</th><th>Cost</th></tr><tr><td>Audit</td><td>100</td></tr>"
            + "</table><p>Paid yearly.</p></body></html>";
    StructuredDocument doc =
        parser
            .parse(
                new DocumentContent.Bytes(html.getBytes(StandardCharsets.UTF_8)),
                ContentTypes.HTML,
                "fees.html")
            .structure();
    assertSectionHolds(doc, List.of("Fees", "Fee table"), "Service: Audit | Cost: 100");
    assertSectionHolds(doc, List.of("Fees"), "Paid yearly");
  }

  @Test
  void readsAnEmailsBodyButNoAttachment() {
    var content = new DocumentContent.Bytes(FormatFixtures.eml());
    assertThat(types.detect(content, "offsite.eml")).isEqualTo(ContentTypes.EML);
    ParsedDocument parsed = parser.parse(content, ContentTypes.EML, "offsite.eml");
    assertThat(parsed.title()).isEqualTo("Offsite plan");
    assertThat(parsed.structure().text())
        .contains("Lisbon on the ninth")
        .doesNotContain("attached words")
        .doesNotContain("foxtrot"); // the attached DOCX's text
  }

  @Test
  void failsATruncatedXlsxAsCorrupt(@TempDir Path dir) throws Exception {
    byte[] whole = FormatFixtures.xlsx();
    byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
    Path file = Files.write(dir.resolve("cut.xlsx"), truncated);
    for (DocumentContent content :
        List.of(new DocumentContent.File(file), new DocumentContent.Bytes(truncated))) {
      assertThatThrownBy(() -> parser.parse(content, ContentTypes.XLSX, "cut.xlsx"))
          .isInstanceOfSatisfying(
              UnparseableDocumentException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CORRUPT))
          .hasMessageContaining("zip");
    }
  }

  @Test
  void failsTruncatedSlidesAsCorrupt() {
    byte[] whole = FormatFixtures.pptx();
    for (String type : List.of(ContentTypes.PPTX, ContentTypes.ODP)) {
      byte[] source = type.equals(ContentTypes.PPTX) ? whole : FormatFixtures.odp();
      byte[] truncated = Arrays.copyOf(source, source.length * 2 / 3);
      assertThatThrownBy(() -> parser.parse(new DocumentContent.Bytes(truncated), type, "cut"))
          .isInstanceOfSatisfying(
              UnparseableDocumentException.class,
              e -> assertThat(e.kind()).isEqualTo(Kind.CORRUPT));
    }
  }

  @Test
  void refusesAZipBombXlsxBeforeParsingIt() {
    byte[] bomb = FormatFixtures.zipBombXlsx(8_000_000L); // 8M cells, ~330 MB of XML
    assertThat(bomb.length).isLessThan(2_000_000);
    var defaults = new DocumentParser(TIKA, 20_000_000, ArchiveLimits.DEFAULTS);
    assertThatThrownBy(
            () -> defaults.parse(new DocumentContent.Bytes(bomb), ContentTypes.XLSX, "bomb.xlsx"))
        .isInstanceOfSatisfying(
            UnparseableDocumentException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE))
        .hasMessage("the archive expands to more than 200MB (rag.ingest.max-decompressed-size)");
  }

  @Test
  void stopsASheetWithTooManyCellsAtTheCharacterLimit() {
    byte[] grid = FormatFixtures.xlsxGrid(2_000, 50); // 100,000 cells, ~2.5M characters as rows
    var small = new DocumentParser(TIKA, 200_000, ArchiveLimits.DEFAULTS);
    assertThatThrownBy(
            () -> small.parse(new DocumentContent.Bytes(grid), ContentTypes.XLSX, "grid.xlsx"))
        .isInstanceOfSatisfying(
            UnparseableDocumentException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE))
        .hasMessage("more than 200000 characters of text (rag.ingest.max-extracted-chars)");
    var csv = new StringBuilder("a,b\n");
    csv.append("1,2\n".repeat(60_000));
    assertThatThrownBy(
            () ->
                small.parse(
                    new DocumentContent.Bytes(csv.toString().getBytes()),
                    ContentTypes.CSV,
                    "big.csv"))
        .hasMessage("more than 200000 characters of text (rag.ingest.max-extracted-chars)");
  }

  @Test
  void aWorkbookOfOnlyEmptySheetsHasNoText() throws Exception {
    try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook();
        var out = new java.io.ByteArrayOutputStream()) {
      book.createSheet("Empty");
      book.write(out);
      StructuredDocument doc =
          parser
              .parse(new DocumentContent.Bytes(out.toByteArray()), ContentTypes.XLSX, "empty.xlsx")
              .structure();
      assertThat(doc.text()).isBlank();
    }
  }

  private static List<String> lines(StructuredDocument doc) {
    return doc.text().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private static void assertSectionHolds(StructuredDocument doc, List<String> path, String marker) {
    int at = doc.text().indexOf(marker);
    assertThat(at).as("marker %s in text %s", marker, doc.text()).isNotNegative();
    assertThat(doc.coveringSections())
        .filteredOn(s -> s.start() <= at && at < s.end())
        .singleElement()
        .extracting(Section::headingPath)
        .isEqualTo(path);
  }
}
