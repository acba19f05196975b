package dev.rag.e2e.bench;

import dev.rag.contracts.events.ChunkEvent;
import dev.rag.contracts.events.DocumentEvent;
import dev.rag.contracts.events.SchemaVersions;
import dev.rag.contracts.json.EventJson;
import dev.rag.contracts.json.JsonSerde;
import dev.rag.contracts.json.MalformedEventException;
import dev.rag.contracts.topics.Topics;
import dev.rag.encoders.BundledModels;
import dev.rag.encoders.inference.BatchingPolicy;
import dev.rag.encoders.inference.TextEmbedder;
import dev.rag.encoders.model.EncoderOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ingests a BEIR corpus end to end through a running platform ({@code ./rag up}): every document as
 * a producer record on {@code rag.documents}, timed until retrieval-service has indexed every chunk
 * ingest-service published. Then embeds a sample of those very chunks with the same model
 * standalone (same threads, same batching) and prints both rates and their ratio. Usage: {@code
 * IngestPipelineBenchmark CORPUS.jsonl.gz [standalone-sample] [collection] [documents]}: the
 * corpus's first {@code documents} documents (default all), for a machine whose model is slow.
 */
public final class IngestPipelineBenchmark {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  // The ports `./rag up` gives the services (RAG_*_PORT), so a second platform can be measured.
  private static final int INGEST_PORT = port("RAG_INGEST_PORT", 8081);
  private static final int RETRIEVAL_PORT = port("RAG_RETRIEVAL_PORT", 8083);

  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args.length > 0 ? args[0] : "../shared/datasets/scifact/corpus.jsonl.gz");
    int sample = args.length > 1 ? Integer.parseInt(args[1]) : 640;
    String bootstrap = System.getenv().getOrDefault("RAG_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    String collection = args.length > 2 ? args[2] : "bench-" + System.currentTimeMillis();

    if (System.getenv("RAG_BENCH_STANDALONE_ONLY") != null) {
      // The model alone on chunks an earlier run published (e.g. after that run's pipeline phase).
      standalone(chunkTexts(bootstrap, collection, sample));
      return;
    }
    List<DocumentEvent.Upsert> all = read(corpus, collection);
    List<DocumentEvent.Upsert> documents =
        args.length > 3 ? all.subList(0, Math.min(all.size(), Integer.parseInt(args[3]))) : all;
    double chunksBefore = metricSum(INGEST_PORT, "rag_ingest_chunks_total");
    double indexedBefore = metricSum(RETRIEVAL_PORT, "rag_retrieval_chunks_indexed_total");
    long start = System.nanoTime();
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    try (var producer =
        new KafkaProducer<>(config, new StringSerializer(), new JsonSerde<>(DocumentEvent.class))) {
      for (DocumentEvent.Upsert document : documents) {
        producer.send(new ProducerRecord<>(Topics.DOCUMENTS, document.documentId(), document));
      }
    }
    double published = 0;
    double indexed = 0;
    String lastLine = "";
    while (true) {
      Thread.sleep(1000);
      double docs = metricSum(INGEST_PORT, "rag_ingest_documents_total");
      published = metricSum(INGEST_PORT, "rag_ingest_chunks_total") - chunksBefore;
      indexed = metricSum(RETRIEVAL_PORT, "rag_retrieval_chunks_indexed_total") - indexedBefore;
      String line =
          "published %.0f chunks, indexed %.0f (ingest documents counter %.0f)"
              .formatted(published, indexed, docs);
      if (!line.equals(lastLine)) {
        System.err.println(line);
        lastLine = line;
      }
      if (published > 0
          && indexed >= published
          && allDocumentsParsed(collection, documents.size())) {
        break;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double pipelineChunksPerSecond = indexed / seconds;
    System.out.printf(
        "documents %d, chunks %.0f, %.1f s: %.2f documents/s, %.2f chunks/s end to end%n",
        documents.size(), indexed, seconds, documents.size() / seconds, pipelineChunksPerSecond);

    double standalone = standalone(chunkTexts(bootstrap, collection, sample));
    System.out.printf(
        "pipeline / standalone = %.0f %%%n", 100 * pipelineChunksPerSecond / standalone);
  }

  /** Chunks per second of the bundled model alone on {@code chunks}, all cores, batches of 64. */
  private static double standalone(List<String> chunks) {
    int threads = Runtime.getRuntime().availableProcessors();
    double standalone;
    try (TextEmbedder embedder =
        BundledModels.bgeSmallEmbedder(
            EncoderOptions.defaults().withIntraOpThreads(threads), BatchingPolicy.defaults())) {
      embedder.embed(chunks.subList(0, Math.min(32, chunks.size()))); // warm-up
      long t0 = System.nanoTime();
      for (int i = 0; i < chunks.size(); i += 64) {
        embedder.embed(chunks.subList(i, Math.min(chunks.size(), i + 64)));
      }
      standalone = chunks.size() / ((System.nanoTime() - t0) / 1e9);
    }
    System.out.printf(
        "standalone embedding of %d of those chunks (%d threads, batch <= 64 per call): %.2f chunks/s%n",
        chunks.size(), threads, standalone);
    return standalone;
  }

  private static List<DocumentEvent.Upsert> read(Path corpus, String collection) throws Exception {
    List<DocumentEvent.Upsert> documents = new ArrayList<>();
    try (var in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(corpus)), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode node = JSON.readTree(line);
        String id = node.path("_id").asString();
        String title = node.path("title").asString();
        documents.add(
            new DocumentEvent.Upsert(
                SchemaVersions.CURRENT,
                id,
                1,
                collection,
                title,
                "beir:" + id,
                "text/plain",
                title + "\n\n" + node.path("text").asString(),
                null,
                Map.of()));
      }
    }
    return documents;
  }

  private static boolean allDocumentsParsed(String collection, int expected) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
            URI.create(
                "http://127.0.0.1:"
                    + INGEST_PORT
                    + "/v1/collections/"
                    + collection
                    + "/documents"));
    // ingest-service refuses calls without the service token of the platform `./rag up` started.
    Path token =
        Path.of(
            System.getenv()
                .getOrDefault("RAG_STATE_DIR", System.getProperty("user.home") + "/.rag"),
            "service-token");
    if (Files.exists(token)) {
      request.header("X-Rag-Service-Token", Files.readString(token).strip());
    }
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw new IllegalStateException(
          "ingest-service refused the registry listing ("
              + response.statusCode()
              + "): export RAG_STATE_DIR as `./rag up` had it, so that its service token is read");
    }
    return response.statusCode() == 200
        && JSON.readTree(response.body()).path("total").asLong() >= expected;
  }

  private static List<String> chunkTexts(String bootstrap, String collection, int limit) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, collection + "-reader");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> texts = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.CHUNKS));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (texts.size() < limit && System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          ChunkEvent event;
          try {
            event = EventJson.read(record.value(), ChunkEvent.class);
          } catch (MalformedEventException poison) {
            continue; // other producers' bad records (the DLQ tests write some) are not ours
          }
          if (event instanceof ChunkEvent.Upsert upsert
              && upsert.collection().equals(collection)
              && texts.size() < limit) {
            texts.add(upsert.chunk().text());
          }
        }
      }
    }
    return texts;
  }

  private static int port(String variable, int fallback) {
    String value = System.getenv(variable);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
  }

  /** Sum of every series of a Prometheus counter on a service. */
  private static double metricSum(int port, String name) throws Exception {
    String body =
        HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return body.lines()
        .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
