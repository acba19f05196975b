package dev.rag.gateway.auth;

import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/me}: who the presented key (or token) is, for any client that must decide what to
 * offer before it calls anything else, e.g. the console choosing its pages and collections. It
 * reveals nothing the caller did not already hold: its own id, name, role and collections.
 */
@Tag(name = "api-keys", description = "API keys: admin keys only, within their own collections")
@RestController
class CallerController {

  /**
   * The caller as the gateway sees it.
   *
   * @param keyId the key's id ({@code key_…}), or the token's subject
   * @param name the key's name, null for tokens and unnamed keys
   * @param role {@code admin} or {@code app}
   * @param collections the collections it may use, {@code ["*"]} for every collection
   */
  record CallerView(String keyId, String name, String role, List<String> collections) {}

  private final ApiKeyStore store;

  CallerController(ApiKeyStore store) {
    this.store = store;
  }

  @Operation(
      operationId = "getCaller",
      summary = "The calling key's id, name, role and collections")
  @ApiResponse(responseCode = "200", description = "The caller")
  @GetMapping("/v1/me")
  CallerView me(HttpServletRequest request) {
    Caller caller =
        AuthenticationFilter.caller(request)
            .orElseThrow(() -> new ApiException(ProblemType.UNAUTHORIZED, "a key is required"));
    String name =
        store.list().stream()
            .filter(key -> key.id().equals(caller.keyId()))
            .map(ApiKey::name)
            .findFirst()
            .orElse(null);
    return new CallerView(
        caller.keyId(),
        name,
        caller.role().wireName(),
        caller.allCollections() ? List.of(Caller.ALL) : List.copyOf(caller.collections()));
  }
}
