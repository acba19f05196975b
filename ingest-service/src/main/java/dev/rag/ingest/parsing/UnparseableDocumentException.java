package dev.rag.ingest.parsing;

/**
 * A document that cannot be turned into text: corrupt, encrypted, empty, not valid UTF-8, or of an
 * unsupported type. It is bad input, so it extends {@link IllegalArgumentException}: the shared
 * Kafka error handler sends such a record to the DLQ at once instead of retrying it.
 */
public class UnparseableDocumentException extends IllegalArgumentException {

  private final Kind kind;

  /** Why a document was refused; also the {@code reason} tag of {@code rag.ingest.failures}. */
  public enum Kind {
    EMPTY,
    UNSUPPORTED_TYPE,
    INVALID_ENCODING,
    CORRUPT,
    TOO_LARGE,
    NO_TEXT
  }

  public UnparseableDocumentException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public UnparseableDocumentException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
