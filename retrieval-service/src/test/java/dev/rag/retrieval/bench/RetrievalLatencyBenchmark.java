package dev.rag.retrieval.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.zaxxer.hikari.HikariDataSource;
import dev.rag.contracts.events.Chunk;
import dev.rag.contracts.events.EmbeddedChunkEvent;
import dev.rag.contracts.events.SchemaVersions;
import dev.rag.contracts.json.EventJson;
import dev.rag.contracts.topics.Topics;
import dev.rag.encoders.BundledModels;
import dev.rag.encoders.inference.BatchingPolicy;
import dev.rag.encoders.inference.TextEmbedder;
import dev.rag.encoders.model.EncoderOptions;
import dev.rag.retrieval.RetrievalServiceApplication;
import dev.rag.retrieval.index.DenseStore;
import dev.rag.retrieval.index.lucene.LuceneChunkIndex;
import dev.rag.retrieval.index.lucene.LuceneDenseStore;
import dev.rag.retrieval.index.pgvector.PgVectorConfiguration;
import dev.rag.retrieval.index.pgvector.PgVectorStore;
import dev.rag.retrieval.indexing.ChunkIndexer;
import dev.rag.testing.Infrastructure;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/retrieve} latency over HTTP at scale, per dense store and mode, at concurrency 1
 * and 8. The corpus is a real ingested collection (e.g. SciFact, embedded by the platform) read
 * back from {@code rag.embedded-chunks} and replicated with perturbations until it is large: each
 * copy drops ~10 % of the words (seeded) and adds Gaussian noise to the vector (cosine to the
 * original ≈ 0.96), so copies are near but not exact duplicates. The retrieval service is started
 * in this JVM on port 18183 over the built index; queries are embedded in that process by its query
 * model (query cache off, so every dense/hybrid request pays for its embedding).
 *
 * <p>The source is either a collection the platform ingested (read back from {@code
 * rag.embedded-chunks}) or, when it names a BEIR {@code corpus.jsonl[.gz]}, that corpus with one
 * chunk per document (title and text), embedded here with the bundled bge-small batched as
 * embedding-service batches (32); the vectors are kept next to the built indexes for re-runs.
 *
 * <p>Args: {@code SOURCE REPLICAS QUERIES.jsonl [stores=lucene,pgvector]
 * [modes=bm25,dense,hybrid]}.
 */
public final class RetrievalLatencyBenchmark {

  private static final String COLLECTION = "bench-latency";
  private static final int PORT = 18183;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public static void main(String[] args) throws Exception {
    String source = args[0];
    int replicas = Integer.parseInt(args[1]);
    List<String> queries =
        Files.readAllLines(Path.of(args[2])).stream()
            .map(line -> JSON.readTree(line).path("text").asString())
            .toList();
    List<String> stores = List.of((args.length > 3 ? args[3] : "lucene,pgvector").split(","));
    List<String> modes = List.of((args.length > 4 ? args[4] : "bm25,dense,hybrid").split(","));
    List<EmbeddedChunkEvent.Upsert> originals =
        source.contains("corpus.jsonl")
            ? embedCorpus(Path.of(source), args.length > 5 && args[5].equals("title"))
            : readCollection(source);
    source = source.contains("corpus.jsonl") ? "beir" : source;
    System.out.printf(
        "source %s: %d chunks; x%d = %d chunks%n",
        source, originals.size(), replicas, originals.size() * replicas);
    for (String store : stores) {
      Path base =
          Path.of("target", "bench", "latency-" + store + "-" + source + "-x" + replicas)
              .toAbsolutePath();
      if (!Files.exists(base.resolve("built"))) {
        build(store, base, originals, replicas);
        Files.writeString(base.resolve("built"), "ok");
      }
      try (ConfigurableApplicationContext service = start(store, base)) {
        for (String mode : modes) {
          for (int concurrency : new int[] {1, 8}) {
            measure(store, mode, concurrency, queries);
          }
        }
      }
    }
  }

  /** One chunk per BEIR document, embedded in batches of 32; vectors cached under target/bench. */
  private static List<EmbeddedChunkEvent.Upsert> embedCorpus(Path corpus, boolean titles)
      throws Exception {
    List<JsonNode> documents = new ArrayList<>();
    try (var in = Files.newInputStream(corpus);
        var text =
            new BufferedReader(
                new InputStreamReader(
                    corpus.toString().endsWith(".gz") ? new GZIPInputStream(in) : in, UTF_8))) {
      for (String line = text.readLine(); line != null; line = text.readLine()) {
        documents.add(JSON.readTree(line));
      }
    }
    Path cache =
        Path.of(
            "target",
            "bench",
            "beir-vectors-" + documents.size() + (titles ? "-titles" : "") + ".bin");
    List<float[]> vectors = new ArrayList<>();
    String modelId;
    if (Files.exists(cache)) {
      try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cache)))) {
        modelId = in.readUTF();
        int dimension = in.readInt();
        for (int i = 0; i < documents.size(); i++) {
          float[] vector = new float[dimension];
          for (int d = 0; d < dimension; d++) {
            vector[d] = in.readFloat();
          }
          vectors.add(vector);
        }
      }
    } else {
      try (TextEmbedder embedder =
          BundledModels.bgeSmallEmbedder(EncoderOptions.defaults(), BatchingPolicy.defaults())) {
        modelId = embedder.modelId();
        long start = System.nanoTime();
        for (int from = 0; from < documents.size(); from += 256) {
          List<String> texts =
              documents.subList(from, Math.min(documents.size(), from + 256)).stream()
                  .map(d -> titles ? d.path("title").asString(passage(d)) : passage(d))
                  .toList();
          vectors.addAll(embedder.embed(texts).vectors());
          System.out.printf(
              "  embedded %d/%d (%.0f s)%n",
              vectors.size(), documents.size(), (System.nanoTime() - start) / 1e9);
        }
      }
      Files.createDirectories(cache.getParent());
      try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(cache)))) {
        out.writeUTF(modelId);
        out.writeInt(vectors.getFirst().length);
        for (float[] vector : vectors) {
          for (float v : vector) {
            out.writeFloat(v);
          }
        }
      }
    }
    List<EmbeddedChunkEvent.Upsert> chunks = new ArrayList<>(documents.size());
    for (int i = 0; i < documents.size(); i++) {
      JsonNode document = documents.get(i);
      String text = passage(document);
      chunks.add(
          new EmbeddedChunkEvent.Upsert(
              SchemaVersions.CURRENT,
              "bench",
              "beir:" + document.path("_id").asString(),
              COLLECTION,
              1,
              0,
              1,
              new Chunk(
                  text,
                  document.path("title").asString(),
                  "beir:" + document.path("_id").asString(),
                  List.of(),
                  null,
                  0,
                  text.length(),
                  0,
                  Map.of()),
              modelId,
              vectors.get(i)));
    }
    return chunks;
  }

  private static String passage(JsonNode document) {
    String title = document.path("title").asString("");
    String text = document.path("text").asString("");
    return title.isBlank() ? text : title + "\n" + text;
  }

  private static List<EmbeddedChunkEvent.Upsert> readCollection(String collection) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap());
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    List<EmbeddedChunkEvent.Upsert> chunks = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.EMBEDDED_CHUNKS).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          if (EventJson.read(record.value(), EmbeddedChunkEvent.class)
                  instanceof EmbeddedChunkEvent.Upsert upsert
              && upsert.collection().equals(collection)) {
            chunks.add(upsert);
          }
        }
      }
    }
    return chunks;
  }

  private static void build(
      String store, Path base, List<EmbeddedChunkEvent.Upsert> originals, int replicas)
      throws Exception {
    Random random = new Random(42);
    long start = System.nanoTime();
    HikariDataSource ds = null;
    DenseStore dense;
    LuceneChunkIndex index = new LuceneChunkIndex(base.resolve("chunks"), store.equals("lucene"));
    if (store.equals("lucene")) {
      dense = new LuceneDenseStore(index);
    } else {
      Infrastructure.Postgres pg = Infrastructure.postgres();
      ds = new HikariDataSource();
      ds.setJdbcUrl(pg.jdbcUrl());
      ds.setUsername(pg.user());
      ds.setPassword(pg.password());
      PgVectorConfiguration.migrate(ds);
      execute(
          ds,
          "DELETE FROM retrieval.chunks WHERE collection = '" + COLLECTION + "'",
          // Bulk load without the graph, then build it once: row-by-row HNSW inserts take hours
          // here.
          "DROP INDEX IF EXISTS retrieval.chunks_embedding_hnsw");
      dense = new PgVectorStore(ds, "bench-latency-" + base.getFileName());
    }
    ChunkIndexer indexer = new ChunkIndexer(index, dense, Clock.systemUTC());
    List<EmbeddedChunkEvent> batch = new ArrayList<>();
    long offset = 0;
    for (int r = 0; r < replicas; r++) {
      for (EmbeddedChunkEvent.Upsert original : originals) {
        batch.add(r == 0 ? retarget(original) : perturb(original, r, random));
        if (batch.size() == 5000) {
          offset += batch.size();
          indexer.apply(batch, Map.of(new TopicPartition("bench-latency", 0), offset));
          batch.clear();
          System.out.printf(
              "  %s: %d chunks indexed (%.0f s)%n",
              store, offset, (System.nanoTime() - start) / 1e9);
        }
      }
    }
    if (!batch.isEmpty()) {
      offset += batch.size();
      indexer.apply(batch, Map.of(new TopicPartition("bench-latency", 0), offset));
    }
    index.close();
    if (ds != null) {
      execute(
          ds,
          "SET maintenance_work_mem = '2GB'",
          """
          CREATE INDEX IF NOT EXISTS chunks_embedding_hnsw ON retrieval.chunks USING hnsw (embedding vector_cosine_ops)
            WITH (m = 16, ef_construction = 64)""",
          // What autovacuum would do after a bulk load; with stale statistics the planner thinks
          // the
          // collection is tiny and sorts an exact scan instead of walking the HNSW graph.
          "ANALYZE retrieval.chunks");
      ds.close();
    }
    System.out.printf(
        "%s: built %d chunks in %.0f s%n", store, offset, (System.nanoTime() - start) / 1e9);
  }

  private static void execute(HikariDataSource ds, String... sql) throws Exception {
    try (Connection connection = ds.getConnection();
        Statement statement = connection.createStatement()) {
      for (String s : sql) {
        statement.execute(s);
      }
    }
  }

  private static EmbeddedChunkEvent.Upsert retarget(EmbeddedChunkEvent.Upsert e) {
    return new EmbeddedChunkEvent.Upsert(
        e.schemaVersion(),
        "bench",
        e.documentId(),
        COLLECTION,
        e.version(),
        e.ordinal(),
        e.chunkCount(),
        e.chunk(),
        e.modelId(),
        e.vector());
  }

  private static EmbeddedChunkEvent.Upsert perturb(
      EmbeddedChunkEvent.Upsert e, int replica, Random random) {
    String[] words = e.chunk().text().split(" ");
    StringBuilder text = new StringBuilder();
    for (String word : words) {
      if (random.nextDouble() >= 0.1) {
        text.append(text.isEmpty() ? "" : " ").append(word);
      }
    }
    String kept = text.isEmpty() ? e.chunk().text() : text.toString();
    Chunk c = e.chunk();
    Chunk chunk =
        new Chunk(
            kept,
            c.title(),
            c.sourceUri(),
            c.sectionPath(),
            c.page(),
            c.startOffset(),
            c.startOffset() + kept.length(),
            c.tokenCount(),
            c.metadata());
    float[] vector = Arrays.copyOf(e.vector(), e.vector().length);
    for (int i = 0; i < vector.length; i++) {
      vector[i] += (float) (random.nextGaussian() * 0.015);
    }
    return new EmbeddedChunkEvent.Upsert(
        e.schemaVersion(),
        "bench",
        e.documentId() + "~" + replica,
        COLLECTION,
        e.version(),
        e.ordinal(),
        e.chunkCount(),
        chunk,
        e.modelId(),
        vector);
  }

  private static ConfigurableApplicationContext start(String store, Path base) {
    Infrastructure.Postgres pg = Infrastructure.postgres();
    return SpringApplication.run(
        RetrievalServiceApplication.class,
        "--server.port=" + PORT,
        "--rag.retrieval.index-dir=" + base,
        "--rag.retrieval.dense-store=" + store,
        "--rag.retrieval.embedded-chunks-topic=bench-latency-idle",
        "--rag.retrieval.index-events-topic=bench-latency-events",
        "--rag.retrieval.consumer-group=bench-latency-" + base.getFileName(),
        "--rag.retrieval.query-cache-size=0",
        "--spring.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrap(),
        "--spring.datasource.url=" + pg.jdbcUrl(),
        "--spring.datasource.username=" + pg.user(),
        "--spring.datasource.password=" + pg.password(),
        "--logging.structured.format.console=",
        "--logging.level.root=WARN");
  }

  private static void measure(String store, String mode, int concurrency, List<String> queries)
      throws Exception {
    int warmup = 20;
    int measured = concurrency == 1 ? 300 : 800;
    for (int i = 0; i < warmup; i++) {
      retrieve(queries.get(i % queries.size()), mode);
    }
    long[] latencies = new long[measured];
    double[] embedMs = new double[measured];
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < measured; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () -> {
                  Sample sample = retrieve(queries.get((warmup + n) % queries.size()), mode);
                  latencies[n] = sample.nanos();
                  embedMs[n] = sample.embedMs();
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(latencies);
    Arrays.sort(embedMs);
    System.out.printf(
        "| %s | %s | %d | %.1f | %.1f | %.1f | %.0f | %.1f |%n",
        store,
        mode,
        concurrency,
        latencies[measured / 2] / 1e6,
        latencies[(int) (measured * 0.99) - 1] / 1e6,
        Arrays.stream(latencies).average().orElse(0) / 1e6,
        measured / seconds,
        embedMs[measured / 2]);
  }

  /** One request: its wall-clock time and the query embedding time the service reported. */
  private record Sample(long nanos, double embedMs) {}

  private static Sample retrieve(String query, String mode) throws Exception {
    String body =
        JSON.writeValueAsString(
            Map.of("query", query, "collection", COLLECTION, "mode", mode, "k", 10));
    long start = System.nanoTime();
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/v1/retrieve"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    long elapsed = System.nanoTime() - start;
    if (response.statusCode() != 200 || response.body().contains("\"degraded\":true")) {
      throw new IllegalStateException("retrieve failed or degraded: " + response.body());
    }
    return new Sample(
        elapsed, JSON.readTree(response.body()).path("timings").path("embedMs").asDouble());
  }
}
