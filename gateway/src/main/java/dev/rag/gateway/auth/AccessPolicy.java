package dev.rag.gateway.auth;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which role a request needs, and which collection its path names. The default for anything
 * under {@code /v1/} is "some valid key": a route added later is never public by accident, and
 * an unknown path still answers 404 to a caller with a key. Outside {@code /v1/} only
 * operational endpoints exist (health, metrics, OpenAPI), which stay open.
 */
public final class AccessPolicy {

  /** What a request requires. {@code collection} is the collection in its path, or null. */
  public record Requirement(boolean authenticated, Role role, String collection) {

    static final Requirement PUBLIC = new Requirement(false, null, null);

    static Requirement anyKey(String collection) {
      return new Requirement(true, Role.APP, collection);
    }

    static Requirement admin(String collection) {
      return new Requirement(true, Role.ADMIN, collection);
    }

    public boolean allows(Caller caller) {
      return role == Role.APP || caller.isAdmin();
    }
  }

  /** Reads of one collection an app key may make: the collection and its documents. */
  private static final Pattern COLLECTION_PATH =
      Pattern.compile("^/v1/collections/([^/]+)(/documents(/[^/]+)?)?/?$");

  public Requirement of(String method, String path) {
    if (!path.startsWith("/v1/")) {
      return Requirement.PUBLIC;
    }
    Matcher collectionPath = COLLECTION_PATH.matcher(path);
    String collection = null;
    if (collectionPath.matches()) {
      collection = java.net.URLDecoder.decode(collectionPath.group(1), java.nio.charset.StandardCharsets.UTF_8);
      if ("GET".equals(method) || "HEAD".equals(method)) {
        return Requirement.anyKey(collection);
      }
      return Requirement.admin(collection);
    }
    if (path.startsWith("/v1/admin/") || path.equals("/v1/admin") || path.startsWith("/v1/collections")
        || path.startsWith("/v1/ingest-jobs") || path.startsWith("/v1/documents")) {
      return Requirement.admin(null);
    }
    return Requirement.anyKey(null);
  }
}
