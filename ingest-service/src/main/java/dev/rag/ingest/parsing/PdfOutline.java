package dev.rag.ingest.parsing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineNode;

/**
 * A PDF's headings come from its outline (bookmarks): PDF text has no heading markup, but documents
 * exported from word processors and LaTeX carry their section tree there, each entry pointing at a
 * page. Without an outline a PDF has pages but no sections.
 */
final class PdfOutline {

  /** One outline entry: the 0-based page it points to (-1 if none), its depth from 1, its title. */
  record Entry(int pageIndex, int level, String title) {}

  /** Outline trees can be cyclic or huge in hostile files; stop walking at these bounds. */
  private static final int MAX_DEPTH = 16;

  private static final int MAX_ENTRIES = 10_000;

  private PdfOutline() {}

  static List<Entry> read(DocumentContent content) {
    try (PDDocument pdf = load(content)) {
      var outline = pdf.getDocumentCatalog().getDocumentOutline();
      List<Entry> entries = new ArrayList<>();
      if (outline != null) {
        walk(pdf, outline, 1, entries);
      }
      return entries;
    } catch (IOException | RuntimeException e) {
      // Tika already read the text; a broken outline costs the headings, not the document.
      return List.of();
    }
  }

  private static PDDocument load(DocumentContent content) throws IOException {
    return switch (content) {
      case DocumentContent.File file -> Loader.loadPDF(file.path().toFile());
      case DocumentContent.Bytes bytes -> Loader.loadPDF(bytes.bytes());
    };
  }

  private static void walk(PDDocument pdf, PDOutlineNode node, int level, List<Entry> out)
      throws IOException {
    if (level > MAX_DEPTH) {
      return;
    }
    for (PDOutlineItem item : node.children()) {
      if (out.size() >= MAX_ENTRIES) {
        return;
      }
      PDPage page = item.findDestinationPage(pdf);
      int index = page == null ? -1 : pdf.getPages().indexOf(page);
      if (item.getTitle() != null) {
        out.add(new Entry(index, level, item.getTitle()));
      }
      walk(pdf, item, level + 1, out);
    }
  }
}
