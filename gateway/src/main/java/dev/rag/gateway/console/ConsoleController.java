package dev.rag.gateway.console;

import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /}: the console's page. The rest of the console ({@code /console/**}) is served by
 * Spring's static resource handler from {@code classpath:/static/console/}.
 */
@Hidden
@RestController
class ConsoleController {

  private static final String PAGE = "static/console/index.html";

  private final byte[] page;

  ConsoleController() {
    try (InputStream in = new ClassPathResource(PAGE).getInputStream()) {
      this.page = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("the console page " + PAGE + " is missing from the jar", e);
    }
  }

  @GetMapping("/")
  ResponseEntity<byte[]> page() {
    // Revalidated on every visit, so a new release's page never pairs with old scripts.
    return ResponseEntity.ok()
        .contentType(MediaType.TEXT_HTML)
        .cacheControl(CacheControl.noCache())
        .body(page);
  }
}
