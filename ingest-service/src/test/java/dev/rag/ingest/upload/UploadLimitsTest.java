package dev.rag.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.encoders.chunking.DocumentChunker;
import dev.rag.ingest.config.IngestProperties;
import dev.rag.ingest.jobs.JobItem;
import dev.rag.ingest.jobs.JobStore;
import dev.rag.ingest.parsing.ContentTypes;
import dev.rag.ingest.parsing.DocumentParser;
import dev.rag.ingest.pipeline.IngestMetrics;
import dev.rag.ingest.pipeline.IngestOutcome;
import dev.rag.ingest.pipeline.IngestPipeline;
import dev.rag.ingest.pipeline.IngestWork;
import dev.rag.ingest.registry.DocumentRegistry;
import dev.rag.ingest.support.Fixtures;
import dev.rag.ingest.support.Http;
import dev.rag.ingest.support.Http.Part;
import dev.rag.ingest.support.IngestServiceTest;
import dev.rag.support.kafka.EventPublisher;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * The limits that keep one upload from taking the service down: zip bombs, many files, a worker
 * that dies of an {@link Error}. Each ends in a job failure or problem detail that names the limit,
 * and the service ingests an ordinary document afterwards (checked after each test).
 */
@IngestServiceTest
class UploadLimitsTest {

  @Value("${local.server.port}")
  int port;

  @Autowired IngestProperties properties;

  Http http;
  String collection;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    collection = "limits-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void stillServes() {
    HttpResponse<String> ok =
        http.upload(
            collection, Part.file("guide.docx", "application/octet-stream", Fixtures.docx(7)));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
    assertThat(
            http.awaitParsed(Http.json(ok).path("jobId").asString())
                .path("items")
                .get(0)
                .path("status")
                .asString())
        .isEqualTo("PUBLISHED");
  }

  @Test
  void failsADocxZipBombNamingTheDecompressedSizeLimit() {
    // 250 MB of text in under 1 MB of DOCX, over the default 200MB limit.
    byte[] bomb = Fixtures.zipBombDocx(250_000_000L);
    assertThat(bomb.length).isLessThan((int) properties.maxUploadSize().toBytes());
    HttpResponse<String> response =
        http.upload(collection, Part.file("bomb.docx", "application/octet-stream", bomb));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode job = http.awaitParsed(Http.json(response).path("jobId").asString());
    assertThat(job.path("state").asString()).isEqualTo("FAILED");
    assertThat(job.path("failures"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.path("reason").asString())
                    .contains("bomb.docx")
                    .contains("more than 200MB")
                    .contains("rag.ingest.max-decompressed-size"));
  }

  @Test
  void refusesAnArchiveOfMoreEntriesThanTheLimitAtUpload() {
    byte[] many = Fixtures.docxWithExtraEntries(10_001); // the default limit is 10000
    assertThat(many.length).isLessThan((int) properties.maxUploadSize().toBytes());
    HttpResponse<String> response =
        http.upload(collection, Part.file("many.docx", "application/octet-stream", many));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    JsonNode problem = Http.json(response);
    assertThat(problem.path("type").asString()).isEqualTo("urn:rag:problem:unprocessable-content");
    assertThat(problem.path("detail").asString())
        .isEqualTo(
            "file 'many.docx': the archive holds more than 10000 entries (rag.ingest.max-archive-entries)");
    assertThat(problem.path("file").asString()).isEqualTo("many.docx");
  }

  @Test
  void acceptsSixtyFilesInOneUpload() {
    Part[] parts =
        IntStream.range(0, 60)
            .mapToObj(i -> Part.file("note-" + i + ".txt", "Note number " + i + " of sixty."))
            .toArray(Part[]::new);
    HttpResponse<String> response = http.upload(collection, parts);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode job = http.awaitParsed(Http.json(response).path("jobId").asString());
    assertThat(job.path("documents").path("total").asInt()).as(job.toString()).isEqualTo(60);
    assertThat(job.path("documents").path("failed").asInt()).as(job.toString()).isZero();
  }

  @Test
  void refusesMorePartsThanTheLimitWith413NamingIt() {
    Part[] parts =
        IntStream.range(0, 1001)
            .mapToObj(i -> Part.file("n" + i + ".txt", "n" + i))
            .toArray(Part[]::new);
    HttpResponse<String> response = http.upload(collection, parts);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode problem = Http.json(response);
    assertThat(problem.path("type").asString()).isEqualTo("urn:rag:problem:payload-too-large");
    assertThat(problem.path("detail").asString()).contains("at most 1000 files per upload");
    assertThat(http.get("/v1/collections/" + collection + "/documents").statusCode())
        .isEqualTo(404);
  }

  @Autowired JobStore jobs;
  @Autowired IngestMetrics metrics;
  @Autowired DocumentParser parser;
  @Autowired DocumentChunker chunker;
  @Autowired DocumentRegistry registry;
  @Autowired EventPublisher publisher;
  @Autowired dev.rag.ingest.pipeline.IngestWorkers workers;

  /**
   * An {@link OutOfMemoryError} in the middle of an upload ends the item FAILED with a reason. The
   * real worker and job store, with a pipeline that runs out of memory (a real one only does with a
   * heap far smaller than the tests run with).
   */
  @Test
  void failsTheItemWhenTheWorkerRunsOutOfMemory() throws Exception {
    IngestPipeline exhausted =
        new IngestPipeline(parser, chunker, registry, jobs, publisher, metrics, properties) {
          @Override
          public IngestOutcome ingest(IngestWork work) {
            throw new OutOfMemoryError("Java heap space");
          }
        };
    String jobId = "job-" + UUID.randomUUID();
    Path staged =
        Files.createDirectories(properties.stagingDir().resolve(jobId)).resolve("0-big.txt");
    Files.writeString(staged, "pretend this is huge.");
    jobs.create(
        jobId,
        collection,
        JobStore.UPLOAD,
        List.of(
            JobItem.pending(
                0,
                collection + ":big.txt",
                JobItem.UPSERT,
                "big.txt",
                ContentTypes.TEXT,
                staged.toString(),
                null)));

    new UploadWorker(jobs, registry, exhausted, metrics, workers).run(jobId, 0);

    JsonNode job = http.awaitParsed(jobId);
    assertThat(job.path("state").asString()).isEqualTo("FAILED");
    assertThat(job.path("failures"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.path("reason").asString())
                    .isEqualTo("big.txt: the service ran out of memory ingesting it"));
    assertThat(staged).doesNotExist();
  }
}
