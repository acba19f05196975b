package dev.rag.gateway.routing;

/** Which collections a route's JSON body names, for the tenant check. */
public enum BodyScope {
  /** The body names no collection (or there is no body). */
  NONE,
  /** {@code collection} / {@code collections}: every one searched; none means all of the key's. */
  RETRIEVAL,
  /** {@code collection}: the one collection an answer is drawn from. */
  ANSWER,
  /** {@code name}: a collection being created. */
  NEW_COLLECTION,
  /** A multipart upload: streamed through unread, its limits are ingest-service's. */
  UPLOAD
}
