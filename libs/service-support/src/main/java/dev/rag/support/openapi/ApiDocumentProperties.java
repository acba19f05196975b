package dev.rag.support.openapi;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code rag.openapi.*}: what a service's OpenAPI document says about itself.
 *
 * @param title the document's title (default: the application name followed by " API")
 * @param description what the API is for, in a sentence or two (default: none)
 * @param version the API's version; each service sets its Maven project version here through
 *     resource filtering ({@code "@project.version@"}), so the document changes version with the
 *     release that changes it (default: {@code unversioned})
 * @param serverUrl where clients send requests (default {@code /}: relative to where the document
 *     is served, which is the gateway, since clients reach every service through it; set an
 *     absolute gateway URL when the document is published elsewhere)
 */
@ConfigurationProperties("rag.openapi")
public record ApiDocumentProperties(
    String title, String description, String version, String serverUrl) {

  public ApiDocumentProperties {
    title = title == null || title.isBlank() ? null : title.strip();
    description = description == null || description.isBlank() ? null : description.strip();
    version =
        version == null || version.isBlank() || version.startsWith("@")
            ? "unversioned"
            : version.strip();
    serverUrl = serverUrl == null || serverUrl.isBlank() ? "/" : serverUrl.strip();
  }
}
