package dev.rag.support.outage;

/**
 * Something the service depends on is unavailable (its index's disk is full, its database is
 * restarting), so the work failed through no fault of its own and succeeds unchanged once the
 * dependency is back. Thrown by code that knows this where the cause alone would not say it (an
 * {@link java.io.IOException} may also mean a corrupt upload).
 */
public class OutageException extends RuntimeException {

  public OutageException(String message, Throwable cause) {
    super(message, cause);
  }
}
