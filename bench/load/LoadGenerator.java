// An open-loop load generator for the platform's public API (a benchmark tool, not a service).
//
// Requests start on a schedule (Poisson arrivals at the offered rate), whether or not earlier ones
// have finished, and each latency runs from the scheduled start: a slow server cannot slow the
// generator down and hide its own queueing (the "coordinated omission" of closed-loop tools).
//
//   java bench/load/LoadGenerator.java --url http://127.0.0.1:8080 --key KEY --collection C
//        --queries FILE [--mix retrieve=8,answers=2,upload=1] [--rates 5,10,20 | --rate 10]
//        [--duration 60] [--timeout 10] [--max-in-flight 2000] [--samples FILE.csv] [--label L]
//        [--unique true]
//
// retrieve: POST /v1/retrieve (hybrid, k 5); answers: POST /v1/answers with a fresh seed (the
// seed is part of the answer cache key, so every answer is computed); upload: one small Markdown
// file to /v1/collections/C/documents. Queries are lines of FILE, taken in turn; with --unique each
// gets its request number appended, so no query-embedding or answer cache ever helps.
// For each rate it prints one Markdown row per operation: offered and served rates, latency
// percentiles of successful requests, and how every other request ended (429, 503 with or
// without Retry-After, other 5xx, 4xx, client timeouts, connection errors). --samples appends one
// CSV row per second (for soak plots).
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

public class LoadGenerator {

  /** How one request ended. */
  enum Outcome {
    OK,
    RATE_LIMITED,
    SHED,
    SHED_NO_RETRY_AFTER,
    SERVER_ERROR,
    CLIENT_ERROR,
    TIMEOUT,
    CONNECTION_ERROR,
    NOT_SENT
  }

  record Result(String op, Outcome outcome, long latencyNanos, long startNanos) {}

  record Options(
      String url,
      String key,
      String collection,
      List<String> queries,
      Map<String, Integer> mix,
      List<Double> rates,
      int durationSeconds,
      int timeoutSeconds,
      int maxInFlight,
      Path samples,
      String label,
      boolean unique) {}

  public static void main(String[] args) throws Exception {
    Options options = parse(args);
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(options.timeoutSeconds()))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    System.out.println(
        "| load | op | offered/s | served 2xx/s | p50 ms | p90 ms | p99 ms | max ms | 2xx | 429 | 503"
            + " | 503 w/o Retry-After | other 5xx | 4xx | timeouts | conn. errors | not sent |");
    System.out.println(
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (double rate : options.rates()) {
      List<Result> results = run(client, options, rate);
      report(options, rate, results);
    }
    System.exit(0);
  }

  static List<Result> run(HttpClient client, Options options, double rate) throws Exception {
    var results = new ConcurrentLinkedQueue<Result>();
    var inFlight = new Semaphore(options.maxInFlight());
    var random = new Random(42);
    List<String> ops = weighted(options.mix());
    var queryIndex = new AtomicInteger();
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(options.durationSeconds());
    SampleWriter sampler = options.samples() == null ? null : new SampleWriter(options, rate);
    var fresh = new ConcurrentLinkedQueue<Result>();
    if (sampler != null) {
      sampler.start(fresh);
    }
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      long next = start;
      while (next < end) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        long scheduled = next;
        String op = ops.get(random.nextInt(ops.size()));
        int n = queryIndex.getAndIncrement();
        String listed = options.queries().get(n % options.queries().size());
        // With --unique never the same text twice: no cache helps.
        String query = options.unique() ? listed + " (" + n + ")" : listed;
        if (!inFlight.tryAcquire()) {
          // The generator's own cap: past it the server is so far behind that more open
          // connections would measure the client, not the platform.
          var notSent = new Result(op, Outcome.NOT_SENT, 0, scheduled);
          results.add(notSent);
          fresh.add(notSent);
        } else {
          executor.submit(
              () -> {
                try {
                  Result result = send(client, options, op, query, scheduled);
                  results.add(result);
                  fresh.add(result);
                } finally {
                  inFlight.release();
                }
              });
        }
        next += (long) (-Math.log(1 - random.nextDouble()) / rate * 1e9);
      }
    }
    if (sampler != null) {
      sampler.stop();
    }
    return new ArrayList<>(results);
  }

  static Result send(HttpClient client, Options options, String op, String query, long scheduled) {
    HttpRequest request = request(options, op, query);
    try {
      HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      long latency = System.nanoTime() - scheduled;
      int status = response.statusCode();
      Outcome outcome;
      if (status / 100 == 2) {
        outcome = Outcome.OK;
      } else if (status == 429) {
        outcome = Outcome.RATE_LIMITED;
      } else if (status == 503) {
        outcome =
            response.headers().firstValue("Retry-After").isPresent()
                ? Outcome.SHED
                : Outcome.SHED_NO_RETRY_AFTER;
      } else if (status >= 500) {
        outcome = Outcome.SERVER_ERROR;
        System.err.println(op + " " + status + ": " + new String(response.body(), StandardCharsets.UTF_8));
      } else {
        outcome = Outcome.CLIENT_ERROR;
        System.err.println(op + " " + status + ": " + new String(response.body(), StandardCharsets.UTF_8));
      }
      return new Result(op, outcome, latency, scheduled);
    } catch (HttpTimeoutException e) {
      return new Result(op, Outcome.TIMEOUT, System.nanoTime() - scheduled, scheduled);
    } catch (IOException e) {
      return new Result(op, Outcome.CONNECTION_ERROR, System.nanoTime() - scheduled, scheduled);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(op, Outcome.NOT_SENT, 0, scheduled);
    }
  }

  static HttpRequest request(Options options, String op, String query) {
    var builder =
        HttpRequest.newBuilder()
            .timeout(Duration.ofSeconds(options.timeoutSeconds()))
            .header("Authorization", "Bearer " + options.key());
    String text = json(query);
    return switch (op) {
      case "retrieve" ->
          builder
              .uri(URI.create(options.url() + "/v1/retrieve"))
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"collection\":"
                          + json(options.collection())
                          + ",\"query\":"
                          + text
                          + ",\"k\":5,\"mode\":\"hybrid\"}"))
              .build();
      case "answers" ->
          builder
              .uri(URI.create(options.url() + "/v1/answers"))
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"collection\":"
                          + json(options.collection())
                          + ",\"question\":"
                          + text
                          + ",\"seed\":"
                          + (System.nanoTime() & 0x7fffffff)
                          + "}"))
              .build();
      case "upload" -> {
        String boundary = "load" + UUID.randomUUID().toString().replace("-", "");
        String name = "load-" + UUID.randomUUID() + ".md";
        String body =
            "--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
                + name
                + "\"\r\nContent-Type: text/markdown\r\n\r\n# Load note\n\n"
                + query
                + "\n\r\n--"
                + boundary
                + "--\r\n";
        yield builder
            .uri(
                URI.create(
                    options.url() + "/v1/collections/" + options.collection() + "-uploads/documents"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
      }
      default -> throw new IllegalArgumentException("unknown operation " + op);
    };
  }

  static void report(Options options, double rate, List<Result> results) {
    Map<String, List<Result>> byOp = new LinkedHashMap<>();
    for (String op : options.mix().keySet()) {
      byOp.put(op, new ArrayList<>());
    }
    results.forEach(r -> byOp.get(r.op()).add(r));
    for (var entry : byOp.entrySet()) {
      List<Result> rs = entry.getValue();
      long[] ok =
          rs.stream()
              .filter(r -> r.outcome() == Outcome.OK)
              .mapToLong(Result::latencyNanos)
              .sorted()
              .toArray();
      Map<Outcome, Long> counts = new LinkedHashMap<>();
      for (Outcome o : Outcome.values()) {
        counts.put(o, count(rs, o));
      }
      double offered = rs.size() / (double) options.durationSeconds(); // arrivals, not the nominal rate
      System.out.printf(
          "| %s | %s | %.1f | %.1f | %s | %s | %s | %s | %d | %d | %d | %d | %d | %d | %d | %d | %d |%n",
          options.label() == null ? String.format("%.0f/s", rate) : options.label(),
          entry.getKey(),
          offered,
          ok.length / (double) options.durationSeconds(),
          millis(ok, 0.50),
          millis(ok, 0.90),
          millis(ok, 0.99),
          millis(ok, 1.0),
          counts.get(Outcome.OK),
          counts.get(Outcome.RATE_LIMITED),
          counts.get(Outcome.SHED),
          counts.get(Outcome.SHED_NO_RETRY_AFTER),
          counts.get(Outcome.SERVER_ERROR),
          counts.get(Outcome.CLIENT_ERROR),
          counts.get(Outcome.TIMEOUT),
          counts.get(Outcome.CONNECTION_ERROR),
          counts.get(Outcome.NOT_SENT));
    }
  }

  static String millis(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return "–";
    }
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return String.format("%.0f", sorted[Math.max(0, index)] / 1e6);
  }

  /** One CSV row per second: the requests that ended in it, by outcome, and their p50/p99. */
  static final class SampleWriter {
    private final Options options;
    private final double rate;
    private Thread thread;
    private volatile boolean running = true;

    SampleWriter(Options options, double rate) {
      this.options = options;
      this.rate = rate;
    }

    /** Drains {@code fresh} once a second (the run adds every result to it as well). */
    void start(ConcurrentLinkedQueue<Result> fresh) throws IOException {
      boolean header = !Files.exists(options.samples());
      var out =
          new PrintWriter(
              Files.newBufferedWriter(
                  options.samples(),
                  java.nio.file.StandardOpenOption.CREATE,
                  java.nio.file.StandardOpenOption.APPEND));
      if (header) {
        out.println("epoch_s,rate,ended,ok,rate_limited,shed,server_error,timeout,p50_ms,p99_ms");
      }
      thread =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    List<Result> window = new ArrayList<>();
                    while (running) {
                      LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                      window.clear();
                      for (Result r; (r = fresh.poll()) != null; ) {
                        window.add(r);
                      }
                      long[] ok =
                          window.stream()
                              .filter(r -> r.outcome() == Outcome.OK)
                              .mapToLong(Result::latencyNanos)
                              .sorted()
                              .toArray();
                      out.printf(
                          "%d,%.1f,%d,%d,%d,%d,%d,%d,%s,%s%n",
                          System.currentTimeMillis() / 1000,
                          rate,
                          window.size(),
                          ok.length,
                          count(window, Outcome.RATE_LIMITED),
                          count(window, Outcome.SHED, Outcome.SHED_NO_RETRY_AFTER),
                          count(window, Outcome.SERVER_ERROR),
                          count(window, Outcome.TIMEOUT),
                          millis(ok, 0.5).replace("–", ""),
                          millis(ok, 0.99).replace("–", ""));
                      out.flush();
                    }
                    out.close();
                  });
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }
  }

  static long count(List<Result> results, Outcome... outcomes) {
    List<Outcome> wanted = List.of(outcomes);
    return results.stream().filter(r -> wanted.contains(r.outcome())).count();
  }

  static List<String> weighted(Map<String, Integer> mix) {
    List<String> ops = new ArrayList<>();
    mix.forEach(
        (op, weight) -> {
          for (int i = 0; i < weight; i++) {
            ops.add(op);
          }
        });
    return ops;
  }

  static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  static Options parse(String[] args) throws IOException {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      a.put(args[i].substring(2), args[i + 1]);
    }
    Map<String, Integer> mix = new LinkedHashMap<>();
    for (String part : a.getOrDefault("mix", "retrieve=1").split(",")) {
      String[] kv = part.split("=");
      mix.put(kv[0].trim(), kv.length > 1 ? Integer.parseInt(kv[1].trim()) : 1);
    }
    for (String op : mix.keySet()) {
      if (!List.of("retrieve", "answers", "upload").contains(op)) {
        throw new IllegalArgumentException("unknown operation in --mix: " + op);
      }
    }
    String rates = a.getOrDefault("rates", a.getOrDefault("rate", "10"));
    List<String> queries =
        Files.readAllLines(Path.of(require(a, "queries"))).stream()
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();
    if (queries.isEmpty()) {
      throw new IllegalArgumentException("--queries file has no lines");
    }
    return new Options(
        a.getOrDefault("url", "http://127.0.0.1:8080"),
        require(a, "key"),
        require(a, "collection"),
        queries,
        mix,
        Arrays.stream(rates.split(",")).map(Double::parseDouble).toList(),
        Integer.parseInt(a.getOrDefault("duration", "60")),
        Integer.parseInt(a.getOrDefault("timeout", "10")),
        Integer.parseInt(a.getOrDefault("max-in-flight", "2000")),
        a.containsKey("samples") ? Path.of(a.get("samples")) : null,
        a.get("label"),
        Boolean.parseBoolean(a.getOrDefault("unique", "false")));
  }

  static String require(Map<String, String> a, String name) {
    String value = a.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }
}
