package dev.rag.ingest.collections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.events.ChunkEvent;
import dev.rag.contracts.events.IndexEvent;
import dev.rag.contracts.events.SchemaVersions;
import dev.rag.contracts.json.EventJson;
import dev.rag.contracts.topics.Topics;
import dev.rag.ingest.support.Fixtures;
import dev.rag.ingest.support.Http;
import dev.rag.ingest.support.Http.Part;
import dev.rag.ingest.support.IngestServiceTest;
import dev.rag.ingest.support.TopicTail;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/** Paged document lists, a collection's jobs, and deleting a collection with what it owns. */
@IngestServiceTest
class CollectionApiTest {

  private static final List<String> NAMES =
      List.of("alpha.md", "beta.md", "gamma.md", "delta.md", "epsilon.md");

  @Value("${local.server.port}")
  int port;

  @Autowired KafkaTemplate<String, byte[]> eventTemplate;

  Http http;
  String collection;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    collection = "coll-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void pagesDocumentsByCursorOrPageNarrowedByNameAndState() {
    String jobId = upload(NAMES);
    http.awaitParsed(jobId);
    String base = "/v1/collections/" + collection + "/documents";

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          Http.json(http.get(base + "?size=2" + (cursor == null ? "" : "&cursor=" + cursor)));
      assertThat(page.path("total").asLong()).isEqualTo(5);
      assertThat(page.path("items").size()).isLessThanOrEqualTo(2);
      page.path("items").forEach(d -> seen.add(d.path("id").asString()));
      cursor = page.path("next").isNull() ? null : page.path("next").asString();
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).isSorted().hasSize(5).doesNotHaveDuplicates();

    JsonNode second = Http.json(http.get(base + "?page=1&size=2"));
    assertThat(ids(second)).containsExactlyElementsOf(seen.subList(2, 4));
    assertThat(second.path("page").asInt()).isEqualTo(1);

    assertThat(ids(Http.json(http.get(base + "?q=TA"))))
        .containsExactly(collection + ":beta.md", collection + ":delta.md");
    assertThat(Http.json(http.get(base + "?state=ingesting")).path("total").asLong()).isEqualTo(5);
    assertThat(Http.json(http.get(base + "?state=INDEXED")).path("items").size()).isZero();

    assertField(http.get(base + "?size=501"), "size");
    assertField(http.get(base + "?state=GONE"), "state");
    assertField(http.get(base + "?cursor=%25%25"), "cursor");
    assertField(http.get(base + "?page=1&cursor=" + second.path("next").asString()), "cursor");
  }

  @Test
  void listsTheCollectionsJobsNewestFirst() {
    String first = upload(List.of("one.md"));
    String second = upload(List.of("two.md"));
    http.awaitParsed(first);
    http.awaitParsed(second);
    JsonNode jobs = Http.json(http.get("/v1/collections/" + collection + "/jobs?size=10"));
    assertThat(jobs.path("total").asLong()).isEqualTo(2);
    assertThat(jobs.path("items").get(0).path("jobId").asString()).isEqualTo(second);
    assertThat(jobs.path("items").get(1).path("status").asString())
        .isEqualTo("/v1/ingest-jobs/" + first);
    assertField(http.get("/v1/collections/" + collection + "/jobs?size=0"), "size");
    JsonNode view = Http.json(http.get("/v1/collections/" + collection));
    long chunks = 0;
    for (JsonNode document :
        Http.json(http.get("/v1/collections/" + collection + "/documents")).path("items")) {
      chunks += document.path("chunkCount").asLong();
    }
    assertThat(view.path("documents").asLong()).isEqualTo(2);
    assertThat(chunks).isPositive();
    assertThat(view.path("chunks").asLong()).isEqualTo(chunks);
    assertThat(http.get("/v1/collections/never-" + collection + "/jobs").statusCode())
        .isEqualTo(404);
  }

  @Test
  void deletingACollectionTombstonesEveryDocumentAndFinishesOnTheIndexAcks() throws Exception {
    http.awaitParsed(upload(List.of("keep.md", "drop.md")));
    Set<String> documents;
    JsonNode accepted;
    try (TopicTail chunks = new TopicTail(Topics.CHUNKS)) {
      HttpResponse<String> response = http.delete("/v1/collections/" + collection);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      accepted = Http.json(response);
      assertThat(accepted.path("documents").asInt()).isEqualTo(2);
      List<ChunkEvent.Delete> deletes =
          chunks
              .await(
                  r -> r.key().startsWith(collection + ":"),
                  r ->
                      r.stream()
                              .filter(
                                  x ->
                                      EventJson.read(x.value(), ChunkEvent.class)
                                          instanceof ChunkEvent.Delete)
                              .count()
                          >= 2,
                  Duration.ofSeconds(30))
              .stream()
              .map(r -> EventJson.read(r.value(), ChunkEvent.class))
              .filter(ChunkEvent.Delete.class::isInstance)
              .map(ChunkEvent.Delete.class::cast)
              .toList();
      documents = deletes.stream().map(ChunkEvent::documentId).collect(Collectors.toSet());
      assertThat(documents)
          .containsExactlyInAnyOrder(collection + ":keep.md", collection + ":drop.md");
      assertThat(deletes).allSatisfy(d -> assertThat(d.version()).isEqualTo(1));
    }
    // Gone at once for readers, and a second delete finds nothing.
    assertThat(http.get("/v1/collections/" + collection).statusCode()).isEqualTo(404);
    assertThat(http.get("/v1/collections/" + collection + "/documents").statusCode())
        .isEqualTo(404);
    assertThat(Http.json(http.get("/v1/collections")).toString()).doesNotContain(collection);
    assertThat(http.delete("/v1/collections/" + collection).statusCode()).isEqualTo(404);

    String deleteJob = accepted.path("jobId").asString();
    assertThat(Http.json(http.get("/v1/ingest-jobs/" + deleteJob)).path("state").asString())
        .isEqualTo("RUNNING");
    for (String documentId : documents) {
      eventTemplate
          .send(
              Topics.INDEX_EVENTS,
              documentId,
              EventJson.write(
                  new IndexEvent(
                      SchemaVersions.CURRENT,
                      deleteJob,
                      documentId,
                      collection,
                      1,
                      IndexEvent.Kind.DELETED,
                      0,
                      2,
                      null,
                      Instant.now())))
          .get();
    }
    JsonNode done = http.awaitJob(deleteJob, j -> j.path("state").asString().equals("COMPLETED"));
    assertThat(done.path("documents").path("deleted").asInt()).isEqualTo(2);

    // The name can be used again; the document's versions continue past the tombstone.
    String again = upload(List.of("keep.md"));
    assertThat(http.awaitParsed(again).path("items").get(0).path("version").asLong()).isEqualTo(2);
    assertThat(
            Http.json(http.get("/v1/collections/" + collection + "/documents"))
                .path("total")
                .asLong())
        .isEqualTo(1);
  }

  private String upload(List<String> names) {
    Part[] parts = new Part[names.size()];
    for (int i = 0; i < names.size(); i++) {
      parts[i] = Part.file(names.get(i), Fixtures.markdown(100 + names.get(i).hashCode()));
    }
    HttpResponse<String> response = http.upload(collection, parts);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return Http.json(response).path("jobId").asString();
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("items").forEach(d -> ids.add(d.path("id").asString()));
    return ids;
  }

  private static void assertField(HttpResponse<String> response, String field) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(Http.json(response).path("field").asString()).isEqualTo(field);
  }
}
