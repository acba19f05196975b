package dev.rag.ingest.parsing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV (RFC 4180: quoted fields may hold delimiters, quotes and line breaks) and TSV (IANA
 * text/tab-separated-values: no quoting, a tab ends every field) read as one table. Tika reads both
 * as plain text, which would lose the columns. Rows may be ragged: a short row leaves its last
 * columns empty, a long one writes its extra values without a column name. An unterminated quote
 * fails the document naming the line it starts on.
 */
final class DelimitedText {

  private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
  private static final CSVFormat TSV =
      CSVFormat.TDF
          .builder()
          .setQuote(null)
          .setIgnoreSurroundingSpaces(false)
          .setTrim(false)
          .setIgnoreEmptyLines(true)
          .get();

  private DelimitedText() {}

  static StructureBuilder read(String text, boolean tabs, int maxChars) {
    StructureBuilder builder = new StructureBuilder(maxChars);
    TableRows rows = new TableRows(builder, null, 0, false);
    CSVFormat format = tabs ? TSV : semicolons(text) ? CSV.builder().setDelimiter(';').get() : CSV;
    try (CSVParser parser = CSVParser.parse(text, format)) {
      for (CSVRecord record : parser) {
        List<TableRows.Cell> cells = new ArrayList<>(record.size());
        for (String value : record) {
          cells.add(new TableRows.Cell(value, false, 1));
        }
        rows.row(cells);
      }
    } catch (IOException | UncheckedIOException e) {
      Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
      throw new UnparseableDocumentException(
          UnparseableDocumentException.Kind.CORRUPT,
          "not valid " + (tabs ? "TSV" : "CSV") + ": " + cause.getMessage(),
          e);
    }
    rows.end();
    return builder;
  }

  private static boolean semicolons(String text) {
    int newline = text.indexOf('\n');
    String first = newline < 0 ? text : text.substring(0, newline);
    return first.chars().filter(c -> c == ';').count()
        > first.chars().filter(c -> c == ',').count();
  }
}
