package dev.rag.gateway.auth;

import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import dev.rag.support.openapi.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/admin/keys}: create, list and revoke API keys (admin keys only, enforced by the {@link
 * AuthenticationFilter}). The secret of a new key is in the creation response and nowhere else. An
 * admin acts only on keys whose collections its own include: it lists those, revokes those (others
 * are "not found", so their ids are not confirmed), and grants no collection it lacks. So no key
 * can mint a key with more rights than its own, and the bootstrap key (every collection) is revoked
 * only by an admin of every collection.
 */
@Tag(name = "api-keys", description = "API keys: admin keys only, within their own collections")
@RestController
class KeyAdminController {

  /** A key as listed: everything but the secret and its hash. */
  record KeyView(
      String id,
      String name,
      String role,
      List<String> collections,
      Instant createdAt,
      Instant revokedAt) {
    static KeyView of(ApiKey key) {
      return new KeyView(
          key.id(),
          key.name(),
          key.role().wireName(),
          key.collections(),
          key.createdAt(),
          key.revokedAt());
    }
  }

  /** A {@code POST /v1/admin/keys} body. */
  record NewKey(String name, String role, List<String> collections) {}

  /** The one response that carries a secret. */
  record CreatedKey(
      String id,
      String key,
      String name,
      String role,
      List<String> collections,
      Instant createdAt) {}

  private final ApiKeyStore store;
  private final KeyVerifier verifier;
  private final Clock clock;

  KeyAdminController(ApiKeyStore store, KeyVerifier verifier, Clock clock) {
    this.store = store;
    this.verifier = verifier;
    this.clock = clock;
  }

  @Operation(
      operationId = "createApiKey",
      summary = "Create an API key (the secret is returned once)")
  @ApiResponse(
      responseCode = "201",
      description = "The key, with its secret",
      headers =
          @Header(
              name = "Location",
              description = "The new key",
              schema = @Schema(type = "string", format = "uri-reference")))
  @ApiResponse(responseCode = "413", ref = ProblemResponses.CONTENT_TOO_LARGE)
  @PostMapping("/v1/admin/keys")
  ResponseEntity<CreatedKey> create(@RequestBody NewKey body, HttpServletRequest request) {
    Caller admin = admin(request);
    if (body == null) {
      throw ApiException.invalid("body", "send a JSON object with role and collections");
    }
    if (body.collections() == null || body.collections().isEmpty()) {
      throw ApiException.invalid("collections", "name at least one collection, or \"*\" for all");
    }
    for (String collection : body.collections()) {
      boolean grantable =
          Caller.ALL.equals(collection) ? admin.allCollections() : admin.mayUse(collection);
      if (!grantable) {
        throw new ApiException(
                ProblemType.FORBIDDEN,
                "the key " + admin.keyId() + " cannot grant collection '" + collection + "'")
            .with("collection", collection);
      }
    }
    String secret = ApiKeySecrets.newSecret();
    ApiKey key =
        new ApiKey(
            ApiKeySecrets.newId(),
            body.name(),
            ApiKeySecrets.hash(secret),
            Role.parse(body.role()),
            body.collections(),
            clock.instant(),
            null);
    store.add(key);
    return ResponseEntity.created(URI.create("/v1/admin/keys/" + key.id()))
        .body(
            new CreatedKey(
                key.id(),
                secret,
                key.name(),
                key.role().wireName(),
                key.collections(),
                key.createdAt()));
  }

  @Operation(operationId = "listApiKeys", summary = "List API keys (without secrets)")
  @ApiResponse(responseCode = "200", description = "The keys within the caller's collections")
  @GetMapping("/v1/admin/keys")
  List<KeyView> list(HttpServletRequest request) {
    Caller admin = admin(request);
    return store.list().stream().filter(key -> covers(admin, key)).map(KeyView::of).toList();
  }

  @Operation(operationId = "revokeApiKey", summary = "Revoke an API key")
  @ApiResponse(responseCode = "204", description = "Revoked")
  @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
  @DeleteMapping("/v1/admin/keys/{id}")
  ResponseEntity<Void> revoke(@PathVariable String id, HttpServletRequest request) {
    Caller admin = admin(request);
    boolean visible =
        store.list().stream().anyMatch(key -> key.id().equals(id) && covers(admin, key));
    if (!visible || !store.revoke(id, clock.instant())) {
      throw ApiException.notFound("valid API key", id);
    }
    verifier.forgetAll();
    return ResponseEntity.noContent().build();
  }

  private static Caller admin(HttpServletRequest request) {
    Caller caller =
        AuthenticationFilter.caller(request)
            .orElseThrow(
                () -> new ApiException(ProblemType.UNAUTHORIZED, "an admin key is required"));
    if (!caller.isAdmin()) {
      throw new ApiException(
          ProblemType.FORBIDDEN,
          "this needs an admin key; the key "
              + caller.keyId()
              + " has role "
              + caller.role().wireName());
    }
    return caller;
  }

  /** Whether {@code admin}'s collections include all of {@code key}'s. */
  static boolean covers(Caller admin, ApiKey key) {
    if (admin.allCollections()) {
      return true;
    }
    return key.collections().stream()
        .allMatch(collection -> !Caller.ALL.equals(collection) && admin.mayUse(collection));
  }
}
