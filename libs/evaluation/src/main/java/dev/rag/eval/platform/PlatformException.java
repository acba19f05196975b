package dev.rag.eval.platform;

/**
 * A request the platform refused or could not answer.
 *
 * @see #status()
 */
public final class PlatformException extends Exception {

  private final int status;

  /**
   * @param status the HTTP status, or 0 when no response came (connection refused, timeout)
   * @param message what went wrong, with the problem detail's title and detail when present
   */
  public PlatformException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** A short reason for tallies of failures: the status and the message's first line. */
  public String reason() {
    String first = getMessage() == null ? "" : getMessage().lines().findFirst().orElse("");
    return (status == 0 ? "no response" : "HTTP " + status) + ": " + first;
  }
}
