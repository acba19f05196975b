package dev.rag.ingest.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP against the started service, with a small multipart body builder. */
public final class Http {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final int port;

  public Http(int port) {
    this.port = port;
  }

  /** One part of a multipart body: a file, or a plain form field when {@code fileName} is null. */
  public record Part(String name, String fileName, String contentType, byte[] content) {

    public static Part file(String fileName, String contentType, byte[] content) {
      return new Part("files", fileName, contentType, content);
    }

    public static Part file(String fileName, String content) {
      return file(fileName, "application/octet-stream", content.getBytes(StandardCharsets.UTF_8));
    }

    public static Part field(String name, String value) {
      return new Part(name, null, null, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  public HttpResponse<String> upload(String collection, Part... parts) {
    String boundary = "rag-" + UUID.randomUUID();
    return post(
        "/v1/collections/" + collection + "/documents",
        "multipart/form-data; boundary=" + boundary,
        multipart(boundary, parts));
  }

  /** A well-formed multipart body of {@code parts}, closed by the final boundary. */
  public static byte[] multipart(String boundary, Part... parts) {
    var body = new ByteArrayOutputStream();
    for (Part part : parts) {
      write(
          body,
          "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\""
              + part.name()
              + "\""
              + (part.fileName() != null ? "; filename=\"" + part.fileName() + "\"" : "")
              + "\r\n"
              + (part.contentType() != null ? "Content-Type: " + part.contentType() + "\r\n" : "")
              + "\r\n");
      body.writeBytes(part.content());
      write(body, "\r\n");
    }
    write(body, "--" + boundary + "--\r\n");
    return body.toByteArray();
  }

  /** Any body, exactly as given (for malformed requests). */
  public HttpResponse<String> post(String path, String contentType, byte[] body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  public HttpResponse<String> delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
  }

  public HttpResponse<String> postJson(String path, String json) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  public static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }

  /** Polls a job until {@code done} holds for its state or the wait bound passes. */
  public JsonNode awaitJob(String jobId, java.util.function.Predicate<JsonNode> done) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    JsonNode job = json(get("/v1/ingest-jobs/" + jobId));
    while (!done.test(job) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      job = json(get("/v1/ingest-jobs/" + jobId));
    }
    return job;
  }

  /** Until every item has left PENDING/PUBLISHING (a problem answer, without items, is not yet). */
  public JsonNode awaitParsed(String jobId) {
    return awaitJob(
        jobId,
        job -> {
          List<String> open = new ArrayList<>();
          job.path("items")
              .forEach(
                  i -> {
                    String s = i.path("status").asString();
                    if (s.equals("PENDING") || s.equals("PUBLISHING")) {
                      open.add(s);
                    }
                  });
          return !job.path("items").isEmpty() && open.isEmpty();
        });
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
