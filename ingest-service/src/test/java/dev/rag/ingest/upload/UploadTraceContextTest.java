package dev.rag.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.topics.Topics;
import dev.rag.ingest.support.Fixtures;
import dev.rag.ingest.support.Http;
import dev.rag.ingest.support.Http.Part;
import dev.rag.ingest.support.IngestServiceTest;
import dev.rag.ingest.support.TopicTail;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * An upload's chunks are parsed and published on a background worker, after the request has been
 * answered; their records must still carry the uploader's trace (README, Tracing), or the trace of
 * an upload would end at ingest-service.
 */
@IngestServiceTest
class UploadTraceContextTest {

  private static final String CALLER_SPAN = "00f067aa0ba902b7";

  @Value("${local.server.port}")
  int port;

  @Test
  void theChunksOfAnUploadCarryTheUploadersTraceInTheirHeaders() throws Exception {
    byte[] id = new byte[16];
    ThreadLocalRandom.current().nextBytes(id);
    String traceId = HexFormat.of().formatHex(id);
    String collection = "trace-" + UUID.randomUUID().toString().substring(0, 8);
    String boundary = "rag-" + UUID.randomUUID();
    try (TopicTail chunks = new TopicTail(Topics.CHUNKS)) {
      HttpResponse<String> accepted =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:"
                                  + port
                                  + "/v1/collections/"
                                  + collection
                                  + "/documents"))
                      .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                      .header("traceparent", "00-" + traceId + "-" + CALLER_SPAN + "-01")
                      .POST(
                          HttpRequest.BodyPublishers.ofByteArray(
                              Http.multipart(
                                  boundary, Part.file("notes.md", Fixtures.markdown(14)))))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

      String documentId = collection + ":notes.md";
      var published =
          chunks.await(r -> documentId.equals(r.key()), r -> !r.isEmpty(), Duration.ofSeconds(60));

      assertThat(published)
          .isNotEmpty()
          .allSatisfy(
              record -> {
                Header traceparent = record.headers().lastHeader("traceparent");
                assertThat(traceparent).as("traceparent header").isNotNull();
                // The uploader's trace, continued by a span of ingest-service's own.
                assertThat(new String(traceparent.value(), StandardCharsets.UTF_8))
                    .matches("00-" + traceId + "-[0-9a-f]{16}-0[01]")
                    .doesNotContain(CALLER_SPAN);
              });
    }
  }
}
