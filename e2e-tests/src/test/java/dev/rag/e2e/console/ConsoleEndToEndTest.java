package dev.rag.e2e.console;

import static dev.rag.e2e.RunningPlatform.rag;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.e2e.RunningPlatform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web console in a real browser (Debian's Chromium, headless) against the platform {@code rag
 * up} starts: an admin signs in with a key, uploads the samples and watches each file reach
 * INDEXED, sees a refused upload's reason, reads a document's chunks, asks a question and opens the
 * cited passage from the streamed answer; a key limited to one collection sees no other collection
 * on any page; a key revoked in the console stops working in the tab that used it. Every page is
 * saved as a screenshot under {@code target/console-screenshots}.
 */
@Order(26)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleEndToEndTest {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
  private static final String COLLECTION = "console-" + RUN;
  private static final String OTHER = "console-other-" + RUN;
  private static final String OTHER_SECRET = "periwinkle-" + RUN;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration INDEXING = Duration.ofMinutes(6);

  private static int gateway;
  private static String admin;
  private static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    RunningPlatform platform = RunningPlatform.get();
    gateway = platform.port("gateway");
    admin = RunningPlatform.apiKey(gateway);
    Path other = Files.createTempDirectory("console-other");
    Files.writeString(
        other.resolve("orchard-" + RUN + ".md"),
        "# Orchard\n\nThe orchard password is " + OTHER_SECRET + ". Apples ripen in September.\n");
    RunningPlatform.Command ingest = rag("ingest", other.toString(), "--collection", OTHER);
    assertThat(ingest.exitCode()).as(ingest.output()).isZero();
    browser = new Browser(1100, 860);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  @Order(1)
  void anAdminUploadsTheSamplesAndWatchesEachReachIndexed() throws Exception {
    browser.driver.get("http://127.0.0.1:" + gateway + "/");
    browser.await("#key");
    browser.screenshot("sign-in");
    signIn(admin);
    open("#/documents");
    WebElement collection = browser.await("#collection");
    collection.clear();
    collection.sendKeys(COLLECTION);
    List<Path> samples;
    try (Stream<Path> files = Files.list(RunningPlatform.ROOT.resolve("samples"))) {
      samples = files.filter(Files::isRegularFile).sorted().toList();
    }
    browser
        .find("#files")
        .sendKeys(String.join("\n", samples.stream().map(Path::toString).toList()));
    for (Path sample : samples) {
      String row = "tr[data-file='" + sample.getFileName() + "'] td.state";
      browser.await(
          INDEXING,
          d -> {
            String state = d.findElement(By.cssSelector(row)).getText();
            assertThat(state).as(sample.getFileName().toString()).isNotIn("FAILED", "refused");
            return state.equals("INDEXED") ? state : null;
          });
    }
    // The list refreshes once every upload finished: every sample, indexed, with its version.
    browser.await(
        INDEXING,
        d ->
            d.findElement(By.cssSelector("#documents")).getText().contains(" in " + COLLECTION)
                && d.findElements(By.cssSelector("#document-list tbody tr")).size()
                    == samples.size()
                && d.findElements(By.cssSelector("#document-list td.state")).stream()
                    .allMatch(cell -> cell.getText().equals("INDEXED")));
    assertThat(browser.find("#collections").getText()).contains(COLLECTION);
    browser.screenshot("documents");

    // Search by name narrows the list.
    browser.find("#search").sendKeys("emergency");
    browser.await(
        Duration.ofSeconds(20),
        d -> {
          List<WebElement> rows = d.findElements(By.cssSelector("#document-list tbody tr"));
          return rows.size() < samples.size()
              && rows.stream().allMatch(row -> row.getText().toLowerCase().contains("emergency"));
        });

    // The document's chunks, as retrieval indexed them.
    browser.find("a[aria-label='Chunks of " + COLLECTION + ":emergency-procedures.md']").click();
    WebElement chunks = browser.await("#chunks section.chunk");
    assertThat(chunks.getText()).isNotBlank();
    assertThat(browser.find("#chunks").getText())
        .contains("version 1", "Boil Water Advisories", "one minute");
    browser.screenshot("document-chunks");
  }

  @Test
  @Order(2)
  void aRefusedUploadShowsTheReason() throws Exception {
    open("#/documents");
    WebElement collection = browser.await("#collection");
    collection.clear();
    collection.sendKeys(COLLECTION);
    Path png = Files.createTempDirectory("console-refused").resolve("logo.png");
    Files.write(
        png,
        new byte[] {
          (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'
        });
    browser.find("#files").sendKeys(png.toString());
    String details =
        browser.await(
            Duration.ofSeconds(30),
            d -> {
              var row = d.findElements(By.cssSelector("tr[data-file='logo.png']"));
              return !row.isEmpty()
                      && row.getFirst()
                          .findElement(By.cssSelector("td.state"))
                          .getText()
                          .equals("refused")
                  ? row.getFirst().findElement(By.cssSelector("td.details")).getText()
                  : null;
            });
    assertThat(details).contains("415", "file 'logo.png' is image/png");
    browser.screenshot("documents-refused-upload");
  }

  @Test
  @Order(3)
  void aStreamedAnswerCitesAPassageThatOpensHighlighted() throws Exception {
    open("#/ask");
    new Select(browser.await("#collection")).selectByValue(COLLECTION);
    recordRequests();
    ask("How long should I boil tap water during a boil water advisory?");
    browser.await(
        Duration.ofMinutes(2), d -> !d.findElements(By.cssSelector("button.cite")).isEmpty());
    String answer = browser.find("article.turn .answer").getText();
    assertThat(answer).containsIgnoringCase("one minute");
    List<String> types = recorded("types");
    assertThat(types).as("the answer was read as Server-Sent Events").contains("text/event-stream");
    assertThat(browser.find("ol.sources").getText()).contains("emergency-procedures.md");
    browser.screenshot("ask");

    // Each citation opens its passage; the one of the boil-water sentence shows it highlighted.
    List<String> marked = new ArrayList<>();
    List<WebElement> cites = browser.driver.findElements(By.cssSelector("button.cite"));
    for (WebElement button : cites) {
      String number = button.getAttribute("data-number");
      button.click();
      String highlighted = browser.await("#passage-text mark").getText();
      String dialog = browser.find("#passage").getText();
      assertThat(dialog).contains("[" + number + "]");
      if (highlighted.toLowerCase().contains("one minute")) {
        assertThat(dialog).contains("Boil Water Advisories");
        browser.screenshot("ask-passage");
      }
      marked.add(highlighted);
      browser.find("#passage-close").click();
      browser.await(Duration.ofSeconds(10), d -> !d.findElement(By.id("passage")).isDisplayed());
    }
    assertThat(marked).anySatisfy(text -> assertThat(text).containsIgnoringCase("one minute"));

    // A follow-up question in the same conversation sends the earlier turn along.
    ask("And what should I do with ice made during the advisory?");
    browser.await(
        Duration.ofMinutes(2),
        d ->
            d.findElements(By.cssSelector("article.turn")).size() == 2
                && d.findElements(By.cssSelector("article.turn .answer[aria-busy]")).isEmpty());
    List<String> bodies = recorded("bodies");
    JsonNode followUp = JSON.readTree(bodies.getLast());
    assertThat(followUp.path("messages").get(0).path("content").asString())
        .isEqualTo("How long should I boil tap water during a boil water advisory?");
    assertThat(followUp.path("messages").get(1).path("role").asString()).isEqualTo("assistant");
    assertThat(followUp.path("question").asString()).startsWith("And what should I do");
  }

  @Test
  @Order(4)
  void aKeyLimitedToOneCollectionSeesNoOtherCollectionOnAnyPage() throws Exception {
    // The bootstrap admin sees both collections, so the absence below means something.
    open("#/documents");
    browser.await(
        Duration.ofSeconds(30), d -> browser.find("#collections").getText().contains(OTHER));

    String limitedAdmin = createKey("limited admin " + RUN, "admin", COLLECTION);
    signOut();
    signIn(limitedAdmin);
    for (String page : List.of("#/ask", "#/documents", "#/keys", "#/status")) {
      open(page);
      browser.await(
          Duration.ofSeconds(30),
          d ->
              d.findElements(By.cssSelector("#main .error, #main table, #main select")).size() > 0);
      Thread.sleep(1000); // the page's other lists arrive too
      String shown = browser.driver.getPageSource();
      assertThat(shown).as(page).doesNotContain(OTHER).doesNotContain(OTHER_SECRET);
      assertThat(browser.driver.findElements(By.cssSelector("#main .error"))).as(page).isEmpty();
    }
    open("#/ask");
    assertThat(
            new Select(browser.await("#collection"))
                .getOptions().stream().map(WebElement::getText).toList())
        .containsExactly(COLLECTION);
    open("#/status");
    browser.await(
        Duration.ofSeconds(30),
        d -> d.findElements(By.cssSelector("#services tbody tr")).size() == 6);
    assertThat(browser.find("#services").getText()).contains("gateway", "generation", "UP");
    assertThat(browser.find("#lag").getText()).contains("embedding", "indexing");
    browser.screenshot("status");

    // An app key sees only the Ask page, with its one collection.
    String app = createKey("limited app " + RUN, "app", COLLECTION);
    signOut();
    signIn(app);
    assertThat(
            browser.driver.findElements(By.cssSelector("nav a")).stream()
                .filter(WebElement::isDisplayed)
                .map(WebElement::getText)
                .toList())
        .containsExactly("Ask");
    open("#/documents"); // not offered: the console shows Ask instead
    assertThat(new Select(browser.await("#collection")).getOptions()).hasSize(1);
    assertThat(browser.driver.getPageSource()).doesNotContain(OTHER);
  }

  @Test
  @Order(5)
  void aKeyRevokedInTheConsoleStopsWorkingInTheTabThatUsedIt() throws Exception {
    signOut();
    signIn(admin);
    open("#/keys");
    browser.await("#key-name").sendKeys("to revoke " + RUN);
    new Select(browser.find("#key-role")).selectByValue("app");
    browser.find("#key-collections").sendKeys(COLLECTION);
    browser.find("#create-key").click();
    String secret = browser.await("#new-secret").getText();
    assertThat(secret).startsWith("rag_");
    browser.screenshot("keys");
    String adminTab = browser.driver.getWindowHandle();

    // A second tab (its own session storage) signs in with the new key and asks.
    browser.driver.switchTo().newWindow(WindowType.TAB);
    String userTab = browser.driver.getWindowHandle();
    browser.driver.get("http://127.0.0.1:" + gateway + "/");
    signIn(secret);
    new Select(browser.await("#collection")).selectByValue(COLLECTION);
    ask("How long should I boil tap water during a boil water advisory?");
    browser.await(
        Duration.ofMinutes(2), d -> d.findElements(By.cssSelector("button.cite")).size() > 0);

    // The admin revokes it in the first tab.
    browser.driver.switchTo().window(adminTab);
    open("#/keys");
    WebElement revoke = browser.await("button[aria-label='Revoke to revoke " + RUN + "']");
    revoke.click();
    browser.driver.switchTo().alert().accept();
    browser.await(
        Duration.ofSeconds(20),
        d -> {
          try {
            return d.findElement(By.cssSelector("#keys")).getText().contains("revoked");
          } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
            return false; // the list was redrawn between finding and reading it: look again
          }
        });

    // The next question in the user's tab is refused, and the console says why.
    browser.driver.switchTo().window(userTab);
    ask("What is the late fee when a payment is late?");
    WebElement refused = browser.await("form .error");
    assertThat(refused.getText()).contains("revoked");
    assertThat(browser.find("#key").isDisplayed()).isTrue();
    assertThat(
            (String)
                browser.driver.executeScript("return sessionStorage.getItem('rag.console.key')"))
        .isNull();
    browser.screenshot("sign-in-after-revocation");
    // Signing in again with it fails too.
    browser.find("#key").sendKeys(secret);
    browser.find("#signin").click();
    assertThat(browser.await("#signin-problem .error").getText()).contains("unknown or revoked");
    browser.driver.close();
    browser.driver.switchTo().window(adminTab);
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static void open(String hash) {
    String base = "http://127.0.0.1:" + gateway + "/";
    if (!browser.driver.getCurrentUrl().startsWith(base)) {
      browser.driver.get(base + hash);
    } else {
      browser.driver.executeScript("location.hash = arguments[0]", hash);
    }
  }

  private static void signIn(String key) {
    if (!browser.driver.getCurrentUrl().startsWith("http://127.0.0.1:" + gateway)) {
      browser.driver.get("http://127.0.0.1:" + gateway + "/");
    }
    WebElement field = browser.await("#key");
    field.sendKeys(key);
    browser.find("#signin").click();
    browser.await("#logout");
  }

  private static void signOut() {
    browser.find("#logout").click();
    browser.await("#key");
  }

  private static void ask(String question) {
    WebElement box = browser.await("#question");
    box.sendKeys(question);
    box.sendKeys(org.openqa.selenium.Keys.ENTER);
  }

  /**
   * Wraps the page's fetch to keep request bodies and response types (test-only instrumentation).
   */
  private static void recordRequests() {
    browser.driver.executeScript(
        """
        window.__recorded = {bodies: [], types: []};
        const original = window.fetch;
        window.fetch = async (url, options) => {
          if (options && typeof options.body === 'string') window.__recorded.bodies.push(options.body);
          const response = await original(url, options);
          window.__recorded.types.push((response.headers.get('Content-Type') || '').split(';')[0]);
          return response;
        };
        """);
  }

  @SuppressWarnings("unchecked")
  private static List<String> recorded(String what) {
    return new ArrayList<>(
        (List<String>) browser.driver.executeScript("return window.__recorded['" + what + "']"));
  }

  private static String createKey(String name, String role, String collection) throws Exception {
    HttpResponse<String> created =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway + "/v1/admin/keys"))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(
                            Map.of(
                                "name", name, "role", role, "collections", List.of(collection)))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body()).path("key").asString();
  }
}
