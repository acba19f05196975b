package dev.rag.generation.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON and Server-Sent Events over real HTTP, as a client sees them. */
public final class Http {

  public static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private Http() {}

  public static HttpResponse<String> post(int port, String path, String json)
      throws IOException, InterruptedException {
    return CLIENT.send(request(port, path, json), HttpResponse.BodyHandlers.ofString());
  }

  public static HttpResponse<InputStream> open(int port, String path, String json)
      throws IOException, InterruptedException {
    return CLIENT.send(request(port, path, json), HttpResponse.BodyHandlers.ofInputStream());
  }

  public static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }

  /** One SSE event: its name ({@code message} when unnamed) and data. */
  public record Event(String name, String data) {
    public JsonNode json() {
      return JSON.readTree(data);
    }
  }

  /** Reads events until the stream ends. */
  public static List<Event> events(InputStream body) throws IOException {
    List<Event> events = new ArrayList<>();
    try (var reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      for (Event e = next(reader); e != null; e = next(reader)) {
        events.add(e);
      }
    }
    return events;
  }

  /** The next event of {@code reader}, or null at the end of the stream. */
  public static Event next(BufferedReader reader) throws IOException {
    String name = "message";
    StringBuilder data = new StringBuilder();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.isEmpty()) {
        if (!data.isEmpty()) {
          return new Event(name, data.toString());
        }
        continue;
      }
      if (line.startsWith("event:")) {
        name = line.substring(6).strip();
      } else if (line.startsWith("data:")) {
        data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
      }
    }
    return data.isEmpty() ? null : new Event(name, data.toString());
  }

  private static HttpRequest request(int port, String path, String json) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }
}
