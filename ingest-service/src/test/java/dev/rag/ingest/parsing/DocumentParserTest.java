package dev.rag.ingest.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.encoders.chunking.StructuredDocument;
import dev.rag.encoders.chunking.StructuredDocument.Section;
import dev.rag.ingest.support.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.tika.config.TikaConfig;
import org.junit.jupiter.api.Test;

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
    assertThat(doc.sections()).extracting(Section::headingPath).containsExactly(
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
    assertThat(parsed.structure().sections()).extracting(Section::headingPath).containsExactly(
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
    assertThat(parsed.structure().text()).doesNotContain("color: red").doesNotContain("Expense Policy");
    assertThat(parsed.structure().sections()).extracting(Section::headingPath).containsExactly(
        List.of("Expenses"), List.of("Expenses", "Meals"), List.of("Expenses", "Hotels"));
    assertSectionHolds(parsed.structure(), List.of("Expenses", "Meals"), "hotelmark");
  }

  @Test
  void readsMarkdownHeadingsButNotInsideCodeFences() {
    String markdown = Fixtures.markdown(4);
    var content = new DocumentContent.Bytes(markdown.getBytes(StandardCharsets.UTF_8));
    assertThat(ContentTypes.canonical(types.detect(content, "security.md"))).isEqualTo(ContentTypes.MARKDOWN);
    ParsedDocument parsed = parser.parse(content, ContentTypes.MARKDOWN, "security.md");
    assertThat(parsed.title()).isEqualTo("Security");
    assertThat(parsed.structure().text()).isEqualTo(markdown);
    assertThat(parsed.structure().sections()).extracting(Section::headingPath).containsExactly(
        List.of("Security"), List.of("Security", "Passwords"), List.of("Security", "Devices"));
  }

  @Test
  void refusesInvalidUtf8NamingTheByteOffset() {
    byte[] bytes = {'o', 'k', ' ', (byte) 0xC3, (byte) 0x28, 'x'};
    assertThatThrownBy(() -> parser.parse(new DocumentContent.Bytes(bytes), ContentTypes.TEXT, "bad.txt"))
        .isInstanceOfSatisfying(UnparseableDocumentException.class,
            e -> assertThat(e.kind()).isEqualTo(UnparseableDocumentException.Kind.INVALID_ENCODING))
        .hasMessageContaining("byte offset 3");
  }

  @Test
  void refusesACorruptPdf() {
    byte[] bytes = "%PDF-1.7\nthis is not really a pdf\n".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> parser.parse(new DocumentContent.Bytes(bytes), ContentTypes.PDF, "broken.pdf"))
        .isInstanceOfSatisfying(UnparseableDocumentException.class,
            e -> assertThat(e.kind()).isEqualTo(UnparseableDocumentException.Kind.CORRUPT))
        .hasMessageContaining("cannot parse as application/pdf");
  }

  @Test
  void refusesAnUnsupportedType() {
    assertThatThrownBy(() -> parser.parse(new DocumentContent.Bytes(new byte[] {1}), "image/png", "x.png"))
        .isInstanceOf(UnparseableDocumentException.class).hasMessageContaining("unsupported content type image/png");
  }

  @Test
  void refusesTextOverTheExtractionLimit() {
    var small = new DocumentParser(TIKA, 1000);
    byte[] bytes = "word ".repeat(300).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> small.parse(new DocumentContent.Bytes(bytes), ContentTypes.TEXT, "big.txt"))
        .isInstanceOf(UnparseableDocumentException.class).hasMessageContaining("more than 1000 characters");
  }

  private static void assertSectionHolds(StructuredDocument doc, List<String> path, String marker) {
    int at = doc.text().indexOf(marker);
    assertThat(at).as("marker %s in text", marker).isNotNegative();
    assertThat(doc.sections()).filteredOn(s -> s.start() <= at && at < s.end())
        .singleElement().extracting(Section::headingPath).isEqualTo(path);
  }
}
