package dev.rag.generation.llm;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model behind any OpenAI-compatible server ({@code rag.generation.backend=openai}): each
 * generation is one streamed {@code POST {base-url}/chat/completions}, read on a virtual thread of
 * its own, its content deltas passed on as they arrive. The connection and the wait for the
 * response are bounded ({@code rag.generation.openai.connect-timeout}, {@code .response-timeout});
 * connection failures, timeouts and 5xx answers count against the circuit breaker {@code openai},
 * which, once open, fails generations at once instead of waiting for a server that is down. A
 * failed generation ends with {@link StopReason#ERROR}; the answer says so in its finish reason.
 */
final class OpenAiModel implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OpenAiModel.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final OpenAiProperties properties;
  private final CircuitBreaker breaker;
  private final HttpClient http;
  private final URI endpoint;
  private final AtomicLong ids = new AtomicLong();

  OpenAiModel(OpenAiProperties properties, CircuitBreaker breaker) {
    this.properties = properties;
    this.breaker = breaker;
    this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
    this.endpoint =
        URI.create(properties.baseUrl().toString().replaceAll("/+$", "") + "/chat/completions");
  }

  /** Starts one streamed completion; {@code listener} hears its text on the reading thread. */
  Generation start(CompletionRequest request, TextListener listener) {
    CompletableFuture<Completion> result = new CompletableFuture<>();
    Call call = new Call(request, listener, result);
    Thread.ofVirtual().name("openai-generation").start(call::run);
    return new Generation(ids.incrementAndGet(), result, result, call::cancel);
  }

  /** The request body: the prompt's messages, the sampling settings, streaming on. */
  private String body(CompletionRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", properties.model());
    body.put("messages", ChatPrompt.messages(request.prompt()));
    body.put("max_tokens", request.maxTokens());
    body.put("temperature", request.temperature());
    if (!request.isGreedy()) {
      body.put("seed", request.seed());
    }
    body.put("stream", true);
    return JSON.writeValueAsString(body);
  }

  /** A server's answer other than 200. */
  private static final class ServerStatus extends IOException {
    final int status;

    ServerStatus(int status, String body) {
      super("the model server answered " + status + ": " + body);
      this.status = status;
    }
  }

  /** One generation: its request, its listener, and what cancels it. */
  private final class Call {
    private final CompletionRequest request;
    private final TextListener listener;
    private final CompletableFuture<Completion> result;
    private final StringBuilder text = new StringBuilder();
    private volatile boolean cancelled;
    private volatile CompletableFuture<HttpResponse<InputStream>> pending;
    private volatile InputStream stream;

    Call(CompletionRequest request, TextListener listener, CompletableFuture<Completion> result) {
      this.request = request;
      this.listener = listener;
      this.result = result;
    }

    void run() {
      StopReason reason;
      if (!breaker.tryAcquirePermission()) {
        log.warn("model server circuit open; generation fails at once");
        finish(StopReason.ERROR);
        return;
      }
      long start = System.nanoTime();
      try {
        reason = exchange();
        breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      } catch (IOException | ExecutionException | RuntimeException e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        if (cancelled) {
          breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
          reason = StopReason.CANCELLED;
        } else {
          // A request the server refuses (4xx) is this side's configuration, not the server down.
          if (cause instanceof ServerStatus s && s.status < 500) {
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
          } else {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, cause);
          }
          log.warn("generation by {} failed: {}", endpoint, cause.toString());
          reason = StopReason.ERROR;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        reason = StopReason.CANCELLED;
      }
      finish(reason);
    }

    private StopReason exchange() throws IOException, InterruptedException, ExecutionException {
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(endpoint)
              .timeout(properties.responseTimeout())
              .header("Content-Type", "application/json")
              .header("Accept", "text/event-stream")
              .POST(HttpRequest.BodyPublishers.ofString(body(request)));
      if (!properties.apiKey().isEmpty()) {
        builder.header("Authorization", "Bearer " + properties.apiKey());
      }
      pending = http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
      if (cancelled) {
        pending.cancel(true);
      }
      HttpResponse<InputStream> response;
      try {
        response = pending.get();
      } catch (CancellationException e) {
        throw new IOException("cancelled", e);
      }
      stream = response.body();
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new ServerStatus(
              response.statusCode(),
              new String(body.readNBytes(1000), StandardCharsets.UTF_8).strip());
        }
        if (cancelled) {
          throw new IOException("cancelled");
        }
        return read(body);
      }
    }

    /** Reads {@code data: } events until {@code [DONE]}, passing content deltas on. */
    private StopReason read(InputStream body) throws IOException {
      var reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
      String finish = null;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.startsWith("data:")) {
          continue;
        }
        String data = line.substring(5).strip();
        if (data.equals("[DONE]")) {
          return "length".equals(finish) ? StopReason.LENGTH : StopReason.STOP;
        }
        JsonNode chunk = JSON.readTree(data);
        if (chunk.has("error")) {
          throw new IOException("the model server reported " + chunk.path("error"));
        }
        JsonNode choice = chunk.path("choices").path(0);
        String delta = choice.path("delta").path("content").asString("");
        if (!delta.isEmpty()) {
          text.append(delta);
          listener.onText(delta);
        }
        if (choice.hasNonNull("finish_reason")) {
          finish = choice.path("finish_reason").asString();
        }
      }
      if (cancelled) {
        throw new IOException("cancelled");
      }
      if (finish == null) {
        throw new IOException("the stream ended without a finish reason or [DONE]");
      }
      // Some servers end without [DONE] once the finish reason is sent.
      return "length".equals(finish) ? StopReason.LENGTH : StopReason.STOP;
    }

    private void finish(StopReason reason) {
      listener.onEnd(reason);
      result.complete(new Completion(List.of(), text.toString(), reason));
    }

    /** Aborts the exchange: the pending request, or the stream being read. */
    void cancel() {
      cancelled = true;
      var request = pending;
      if (request != null) {
        request.cancel(true);
      }
      InputStream body = stream;
      if (body != null) {
        try {
          body.close();
        } catch (IOException ignored) {
          // closing is all that is wanted; the reader ends either way
        }
      }
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
