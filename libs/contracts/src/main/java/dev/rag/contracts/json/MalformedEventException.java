package dev.rag.contracts.json;

/** A record that can never be processed, however often it is retried: it belongs in the DLQ. */
public class MalformedEventException extends RuntimeException {

  public MalformedEventException(String message) {
    super(message);
  }

  public MalformedEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
