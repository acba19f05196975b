package dev.rag.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.client.ApiClient;
import dev.rag.client.ApiException;
import dev.rag.client.ApiResponse;
import dev.rag.client.api.AnswersApi;
import dev.rag.client.api.ApiKeysApi;
import dev.rag.client.api.DocumentsApi;
import dev.rag.client.api.IngestJobsApi;
import dev.rag.client.model.Answer;
import dev.rag.client.model.AnswerRequest;
import dev.rag.client.model.CreatedKey;
import dev.rag.client.model.JobAccepted;
import dev.rag.client.model.JobView;
import dev.rag.client.model.NewKey;
import dev.rag.e2e.RunningPlatform;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A client generated at build time from the committed public API document ({@code
 * api/openapi.json}) drives the platform through the gateway as an application would: the bootstrap
 * admin key mints an admin key and an app key for one collection, the admin key uploads a document
 * (202 with a job), the job is polled until the document is indexed, and the app key asks a
 * question whose answer cites the uploaded document. Refusals arrive as the documented problem
 * details.
 */
@Order(30)
class GeneratedClientEndToEndTest {

  // A new collection per run: the shared platform's state outlives a run, and the same file
  // uploaded again into the same collection is an unchanged no-op, not an indexed document.
  private static final String COLLECTION =
      "e2e-client-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String DOCUMENT = "emergency-procedures.md";
  private static final Duration INDEXING_TIMEOUT = Duration.ofMinutes(10);

  @Test
  void uploadsPollsTheJobAndAsksThroughTheGatewayWithAnApiKey() throws Exception {
    RunningPlatform platform = RunningPlatform.get();
    ApiClient bootstrap = client(platform, RunningPlatform.apiKey(platform.port("gateway")));
    ApiKeysApi keys = new ApiKeysApi(bootstrap);
    CreatedKey admin =
        keys.createApiKey(
            new NewKey()
                .name("generated client admin")
                .role("admin")
                .collections(List.of(COLLECTION)));
    CreatedKey app =
        keys.createApiKey(
            new NewKey().name("generated client app").role("app").collections(List.of(COLLECTION)));
    assertThat(admin.getKey()).startsWith("rag_");

    File document = RunningPlatform.ROOT.resolve("samples").resolve(DOCUMENT).toFile();
    ApiResponse<JobAccepted> upload =
        new DocumentsApi(client(platform, admin.getKey()))
            .uploadDocumentsWithHttpInfo(
                COLLECTION, List.of(document), null, "{\"source\":\"generated-client\"}");
    assertThat(upload.getStatusCode()).isEqualTo(202);
    JobAccepted accepted = upload.getData();
    assertThat(accepted.getStatus()).isEqualTo("/v1/ingest-jobs/" + accepted.getJobId());

    assertThatThrownBy(
            () ->
                new DocumentsApi(client(platform, admin.getKey()))
                    .uploadDocuments(COLLECTION, List.of(document), null, "[1, 2]"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(400);
              assertThat(e.getResponseBody()).contains("metadata");
            });

    JobView job = awaitFinalState(new IngestJobsApi(client(platform, admin.getKey())), accepted);
    assertThat(job.getState()).as(job.toString()).hasToString("COMPLETED");
    assertThat(job.getDocuments().getIndexed()).isEqualTo(1);

    AnswersApi answers = new AnswersApi(client(platform, app.getKey()));
    Answer answer =
        answers.answer(
            new AnswerRequest()
                .question("How long should I boil tap water during a boil water advisory?")
                .collection(COLLECTION));
    assertThat(answer.getAnswer()).contains("one minute");
    assertThat(answer.getCitations()).isNotEmpty();
    assertThat(answer.getCitations())
        .allSatisfy(
            citation -> assertThat(citation.getDocumentId()).isEqualTo(COLLECTION + ":" + DOCUMENT))
        .anySatisfy(citation -> assertThat(citation.getSnippet()).contains("one minute"));

    // The app key may ask but not upload: a 403 problem, as the document says.
    assertThatThrownBy(
            () ->
                new DocumentsApi(client(platform, app.getKey()))
                    .uploadDocuments(COLLECTION, List.of(document), null, null))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(403);
              assertThat(e.getResponseBody()).contains("urn:rag:problem:forbidden");
            });
  }

  private static JobView awaitFinalState(IngestJobsApi jobs, JobAccepted accepted)
      throws ApiException, InterruptedException {
    Instant deadline = Instant.now().plus(INDEXING_TIMEOUT);
    while (true) {
      JobView job = jobs.getIngestJob(accepted.getJobId());
      String state = String.valueOf(job.getState());
      if (!state.equals("ACCEPTED") && !state.equals("RUNNING")) {
        return job;
      }
      assertThat(Instant.now())
          .as("job " + accepted.getJobId() + " still " + state)
          .isBefore(deadline);
      Thread.sleep(500);
    }
  }

  /** The generated client pointed at the gateway, sending {@code key} as its bearer token. */
  private static ApiClient client(RunningPlatform platform, String key) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(platform.gateway().toString());
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
    client.setReadTimeout(Duration.ofMinutes(3));
    return client;
  }
}
