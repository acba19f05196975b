package dev.rag.support.security;

import dev.rag.contracts.security.ServiceHeaders;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The collections the gateway's caller may use, as the gateway stated them in {@link
 * ServiceHeaders#CALLER_COLLECTIONS}. A request without the header comes from another service (or,
 * without a service token, from the local machine) and acts for no tenant: it sees everything. The
 * header is only trustworthy behind the service token, which the gateway alone sends together with
 * it.
 */
public record CallerScope(boolean all, Set<String> collections) {

  public static final CallerScope EVERYTHING = new CallerScope(true, Set.of());

  public static CallerScope of(HttpServletRequest request) {
    String header = request.getHeader(ServiceHeaders.CALLER_COLLECTIONS);
    if (header == null) {
      return EVERYTHING;
    }
    if (header.strip().equals("*")) {
      return EVERYTHING;
    }
    return new CallerScope(
        false,
        Arrays.stream(header.split(","))
            .map(String::strip)
            .filter(name -> !name.isEmpty())
            .collect(Collectors.toUnmodifiableSet()));
  }

  public boolean mayUse(String collection) {
    return all || collections.contains(collection);
  }
}
