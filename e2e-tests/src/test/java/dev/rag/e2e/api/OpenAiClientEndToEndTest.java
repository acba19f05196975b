package dev.rag.e2e.api;

import static dev.rag.e2e.RunningPlatform.rag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.models.Model;
import dev.rag.e2e.RunningPlatform;
import dev.rag.e2e.RunningPlatform.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * OpenAI's official Java SDK as the client of the platform, through the gateway with an API key: it
 * lists and retrieves models, gets a chat completion and a streamed one (with usage), and the
 * refusals it must be able to tell apart (unknown model, tools, response formats) arrive as the
 * SDK's own exceptions. Responses are validated by the SDK ({@code responseValidation}), so a
 * missing required member fails here, as it would in a strict client.
 */
@Order(22)
class OpenAiClientEndToEndTest {

  private static final String COLLECTION = "e2e-openai";
  private static final String QUESTION =
      "How long should I boil tap water during a boil water advisory?";

  private static OpenAIClient client;

  @BeforeAll
  static void ingestSamplesAndConnect() {
    RunningPlatform platform = RunningPlatform.get();
    Command ingest =
        rag(
            "ingest",
            RunningPlatform.ROOT.resolve("samples").toString(),
            "--collection",
            COLLECTION);
    assertThat(ingest.exitCode()).as(ingest.output()).isZero();
    int gateway = platform.port("gateway");
    client =
        OpenAIOkHttpClient.builder()
            .baseUrl("http://127.0.0.1:" + gateway + "/v1")
            .apiKey(RunningPlatform.apiKey(gateway))
            .responseValidation(true)
            .maxRetries(0)
            .build();
  }

  @AfterAll
  static void close() {
    if (client != null) {
      client.close();
    }
  }

  private static ChatCompletionCreateParams.Builder ask(String model) {
    return ChatCompletionCreateParams.builder()
        .model(model)
        .addDeveloperMessage("Answer from the documents, with citations.")
        .addUserMessage(QUESTION)
        .putAdditionalBodyProperty("collection", JsonValue.from(COLLECTION));
  }

  @Test
  void listsAndRetrievesTheModelsChatCompletionsAccept() {
    List<String> ids = client.models().list().data().stream().map(Model::id).toList();
    assertThat(ids).contains("rag", "extractive");
    assertThat(client.models().retrieve("rag").ownedBy()).isEqualTo("rag-platform");
    assertThatThrownBy(() -> client.models().retrieve("gpt-4o"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aChatCompletionAnswersFromTheCollectionWithUsageAndTheRequestedModel() {
    ChatCompletion completion = client.chat().completions().create(ask("rag").build());

    assertThat(completion.model()).isEqualTo("rag");
    String content = completion.choices().getFirst().message().content().orElseThrow();
    assertThat(content).contains("one minute");
    CompletionUsage usage = completion.usage().orElseThrow();
    assertThat(usage.completionTokens()).isPositive();
    assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
    // The platform's extra members reach the SDK's additional properties.
    assertThat(completion._additionalProperties()).containsKey("citations");
  }

  @Test
  void aStreamedCompletionEndsWithUsageOnItsLastChunk() {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(ask("extractive").build())) {
      stream.stream().forEach(chunks::add);
    }

    assertThat(chunks).hasSizeGreaterThanOrEqualTo(3);
    StringBuilder text = new StringBuilder();
    chunks.forEach(
        c -> c.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
    assertThat(text.toString()).contains("one minute");
    assertThat(chunks).allSatisfy(c -> assertThat(c.model()).isEqualTo("extractive"));
    assertThat(chunks.getLast().usage()).isPresent();
    assertThat(chunks.getLast().usage().orElseThrow().completionTokens()).isPositive();
    assertThat(chunks.getFirst().usage()).isEmpty();
  }

  @Test
  void unknownModelsToolsAndResponseFormatsAreRefusedInWaysTheSdkTellsApart() {
    assertThatThrownBy(() -> client.chat().completions().create(ask("gpt-4o").build()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () ->
                client
                    .chat()
                    .completions()
                    .create(
                        ask("rag")
                            .putAdditionalBodyProperty(
                                "tools",
                                JsonValue.from(
                                    List.of(
                                        Map.of(
                                            "type",
                                            "function",
                                            "function",
                                            Map.of("name", "lookup")))))
                            .build()))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> assertThat(e.getMessage()).contains("tools are not supported"));
    assertThatThrownBy(
            () ->
                client
                    .chat()
                    .completions()
                    .create(
                        ask("rag")
                            .putAdditionalBodyProperty(
                                "response_format", JsonValue.from(Map.of("type", "json_object")))
                            .build()))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> assertThat(e.getMessage()).contains("response formats are not supported"));
  }
}
