package dev.rag.e2e;

import static dev.rag.e2e.RunningPlatform.postJson;
import static dev.rag.e2e.RunningPlatform.rag;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.e2e.RunningPlatform.Command;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spreadsheets, CSV and slides end to end: {@code rag ingest} uploads a workbook (one sheet of 48
 * departments), a CSV (60 vehicles) and a deck through the gateway; a question about one cell's
 * value must retrieve that row with every value named by its column, under the sheet's name, and an
 * answer quoting a slide must cite it with the slide's title as its section. The fixtures in {@code
 * src/test/resources/formats} were written with Apache POI; their rows are listed in the
 * assertions.
 */
@Order(25)
class FormatsEndToEndTest {

  private static final String COLLECTION = "e2e-formats";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static RunningPlatform platform;

  @BeforeAll
  static void ingestFixtures(@TempDir Path dir) throws IOException {
    platform = RunningPlatform.get();
    for (String name : List.of("travel-budgets.xlsx", "fleet.csv", "all-hands.pptx")) {
      try (InputStream in = FormatsEndToEndTest.class.getResourceAsStream("/formats/" + name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
    Command ingest = rag("ingest", dir.toString(), "--collection", COLLECTION);
    assertThat(ingest.exitCode()).as(ingest.output()).isZero();
  }

  @Test
  void aQuestionAboutOneSpreadsheetCellRetrievesItsRowWithTheColumnNames() throws Exception {
    List<JsonNode> hits =
        retrieve("What is the travel budget of the Coastal Archaeology department?");

    assertThat(hits)
        .as("hits: %s", hits)
        .anySatisfy(
            hit -> {
              assertThat(hit.path("documentId").asString())
                  .isEqualTo(COLLECTION + ":travel-budgets.xlsx");
              assertThat(hit.path("text").asString())
                  .contains(
                      "Department: Coastal Archaeology | Destination: Tallinn | Budget (EUR): 41450"
                          + " | Approver: Rui Matos");
              assertThat(strings(hit.path("sectionPath"))).containsExactly("Travel Budget 2025");
            });
  }

  @Test
  void aQuestionAboutOneCsvCellRetrievesItsRowWithTheColumnNames() throws Exception {
    List<JsonNode> hits = retrieve("When is the next service of the vehicle with plate KX-4451?");

    assertThat(hits)
        .as("hits: %s", hits)
        .anySatisfy(
            hit -> {
              assertThat(hit.path("documentId").asString()).isEqualTo(COLLECTION + ":fleet.csv");
              assertThat(hit.path("text").asString())
                  .contains(
                      "Vehicle: Street sweeper | Plate: KX-4451 | Depot: North Yard | Next service:"
                          + " 2025-04-22");
            });
  }

  @Test
  void anAnswerFromASlideCitesTheSlideTitleAsItsSection() throws Exception {
    HttpResponse<String> response =
        postJson(
            platform.port("gateway"),
            "/v1/answers",
            JSON.writeValueAsString(
                java.util.Map.of(
                    "question",
                    "When does the Oslo office move to the Bjorvika waterfront?",
                    "collection",
                    COLLECTION)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(response.body());

    assertThat(answer.path("answer").asString()).contains("second of June");
    assertThat(answer.path("citations"))
        .as(answer.toString())
        .anySatisfy(
            citation -> {
              assertThat(citation.path("documentId").asString())
                  .isEqualTo(COLLECTION + ":all-hands.pptx");
              assertThat(citation.path("section").asString()).isEqualTo("Office Relocation");
              assertThat(citation.path("snippet").asString()).contains("Bjorvika");
            });
  }

  private static List<JsonNode> retrieve(String query) throws Exception {
    HttpResponse<String> response =
        postJson(
            platform.port("gateway"),
            "/v1/retrieve",
            JSON.writeValueAsString(
                java.util.Map.of("query", query, "collection", COLLECTION, "k", 3)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonNode> hits = new ArrayList<>();
    JSON.readTree(response.body()).path("hits").forEach(hits::add);
    return hits;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asString()));
    return values;
  }
}
