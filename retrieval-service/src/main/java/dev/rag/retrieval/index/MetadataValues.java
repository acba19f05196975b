package dev.rag.retrieval.index;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * How a metadata value (always text in the chunk contract) is read as a number or a date for range
 * filters. One definition for every store: the Lucene index and pgvector both index what these
 * methods return, so a range filter means the same in both.
 *
 * <ul>
 *   <li>a number is JSON number syntax ({@code -12}, {@code 3.5}, {@code 1e3}) with a finite double
 *       value; anything else ({@code "12 kg"}, {@code "0x1F"}, {@code "NaN"}) is not a number;
 *   <li>a date is an ISO-8601 calendar date ({@code 2024-03-01}, midnight UTC) or a date-time with
 *       an offset ({@code 2024-03-01T12:00:00+02:00}); it becomes epoch milliseconds. A date-time
 *       without an offset is not a date: its instant would depend on a time zone nobody named.
 * </ul>
 */
public final class MetadataValues {

  private static final Pattern NUMBER =
      Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final Pattern DATE_TIME =
      Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}.*(?:Z|[+-][0-9]{2}:[0-9]{2})");

  /** Values longer than this are never numbers or dates (and are not worth parsing). */
  private static final int MAX_LENGTH = 64;

  private MetadataValues() {}

  /** The value as a finite number, or null when it is not one. */
  public static Double number(String value) {
    if (value == null || value.length() > MAX_LENGTH || !NUMBER.matcher(value).matches()) {
      return null;
    }
    double parsed = Double.parseDouble(value);
    return Double.isFinite(parsed) ? parsed : null;
  }

  /** The value as epoch milliseconds, or null when it is not an ISO-8601 date as described. */
  public static Long dateMillis(String value) {
    if (value == null || value.length() > MAX_LENGTH) {
      return null;
    }
    try {
      if (DATE.matcher(value).matches()) {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      if (DATE_TIME.matcher(value).matches()) {
        return OffsetDateTime.parse(value).toInstant().toEpochMilli();
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      return null; // 2024-02-30, 25:00, or outside the range of epoch milliseconds
    }
    return null;
  }
}
