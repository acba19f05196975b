package dev.rag.gateway.cache;

/**
 * A complete answer as generation-service sent it: a JSON document or a whole event stream.
 *
 * @param contentType the upstream's {@code Content-Type}
 * @param body the bytes, replayed as they were
 */
public record CachedAnswer(String contentType, byte[] body) {

  public CachedAnswer {
    if (contentType == null || contentType.isBlank()) {
      throw new IllegalArgumentException("contentType must not be blank");
    }
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  public boolean isStream() {
    return contentType.startsWith("text/event-stream");
  }
}
