package dev.rag.embedding.bench;

import dev.rag.contracts.events.Chunk;
import dev.rag.contracts.events.ChunkEvent;
import dev.rag.contracts.events.SchemaVersions;
import dev.rag.contracts.json.EventJson;
import dev.rag.contracts.topics.Topics;
import dev.rag.embedding.EmbeddingServiceApplication;
import dev.rag.embedding.KafkaTestTopics;
import dev.rag.encoders.BundledModels;
import dev.rag.encoders.inference.BatchingPolicy;
import dev.rag.encoders.inference.TextEmbedder;
import dev.rag.encoders.model.EncoderOptions;
import dev.rag.encoders.tokenize.TokenSpan;
import dev.rag.testing.Infrastructure;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Standalone embedder throughput versus the processor's, on the same realistic chunks: the first N
 * SciFact abstracts (title + abstract, as a chunker would see them) cut to the chunk size in bge
 * tokens.
 *
 * <p>(a) {@link TextEmbedder} alone: one warm-up, then all chunks in one call. (b) the started
 * service (in this JVM, its processor in a fresh consumer group positioned at the end of {@code
 * rag.chunks}): once its consumer owns all partitions, every chunk is published as a {@code
 * ChunkEvent.Upsert} of a unique collection; the clock runs from the first publish to the arrival
 * of the last embedded chunk on {@code rag.embedded-chunks}. Both use the same ONNX Runtime threads
 * and batch size. Arguments: {@code [docs=300] [tokens=384] [threads=2] [batchSize=1] [rounds=2]};
 * rounds alternate (a) and (b) to spread background load over both.
 */
public final class ProcessorThroughputBenchmark {

  private static final Path CORPUS =
      Path.of(
          System.getProperty("scifact.corpus", "/work/shared/datasets/scifact/corpus.jsonl.gz"));

  private ProcessorThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int docs = arg(args, 0, 300);
    int tokens = arg(args, 1, 384);
    int threads = arg(args, 2, 2);
    int batchSize = arg(args, 3, 1);
    int rounds = arg(args, 4, 2);
    EncoderOptions options = EncoderOptions.defaults().withIntraOpThreads(threads);
    BatchingPolicy policy =
        batchSize == 1
            ? BatchingPolicy.unbatched()
            : new BatchingPolicy(batchSize, BatchingPolicy.DEFAULT_MAX_TOKENS);
    List<String> chunks;
    long totalTokens = 0;
    try (TextEmbedder embedder = BundledModels.bgeSmallEmbedder(options, policy)) {
      chunks = chunks(embedder, docs, tokens);
      for (String chunk : chunks) {
        totalTokens += embedder.countTokens(chunk);
      }
    }
    System.out.printf(
        "%d chunks, mean %.0f content tokens, threads %d, batch size %d%n",
        chunks.size(), (double) totalTokens / chunks.size(), threads, batchSize);
    for (int round = 1; round <= rounds; round++) {
      String before = loadAverage();
      double standalone = standalone(chunks, options, policy);
      String middle = loadAverage();
      double pipeline = pipeline(chunks, threads, batchSize);
      String after = loadAverage();
      System.out.printf(
          "round %d: standalone %.2f chunks/s, pipeline %.2f chunks/s (%.2f docs/s), "
              + "ratio %.1f %%; load average %s | %s | %s%n",
          round,
          standalone,
          pipeline,
          pipeline * docs / chunks.size(),
          100 * pipeline / standalone,
          before,
          middle,
          after);
    }
    System.exit(0);
  }

  private static double standalone(
      List<String> chunks, EncoderOptions options, BatchingPolicy policy) {
    try (TextEmbedder embedder = BundledModels.bgeSmallEmbedder(options, policy)) {
      embedder.embed(chunks.subList(0, Math.min(8, chunks.size())));
      long start = System.nanoTime();
      embedder.embed(chunks);
      return chunks.size() / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static double pipeline(List<String> chunks, int threads, int batchSize) throws Exception {
    String group = KafkaTestTopics.groupStartingAtEnd("embedding-bench", Topics.CHUNKS);
    try (ConfigurableApplicationContext app =
            new SpringApplicationBuilder(EmbeddingServiceApplication.class)
                .properties(
                    Map.of(
                        "server.port",
                        "0",
                        "spring.kafka.bootstrap-servers",
                        Infrastructure.kafkaBootstrap(),
                        "rag.embedding.group-id",
                        group,
                        "rag.embedding.threads",
                        String.valueOf(threads),
                        "rag.embedding.batch-size",
                        String.valueOf(batchSize),
                        "logging.level.root",
                        "WARN"))
                .run();
        var tail = new KafkaTestTopics.Tail(Topics.EMBEDDED_CHUNKS);
        KafkaProducer<String, byte[]> producer = KafkaTestTopics.producer()) {
      awaitAssignment(
          app.getBean(KafkaListenerEndpointRegistry.class)
              .getListenerContainer("chunk-embedding-processor"));
      String collection = "bench-" + UUID.randomUUID();
      long start = System.nanoTime();
      for (int i = 0; i < chunks.size(); i++) {
        String documentId = collection + "-" + i;
        String text = chunks.get(i);
        var event =
            new ChunkEvent.Upsert(
                SchemaVersions.CURRENT,
                "bench",
                documentId,
                collection,
                1,
                0,
                1,
                new Chunk(
                    text,
                    "SciFact " + i,
                    "scifact:" + i,
                    List.of(),
                    null,
                    0,
                    text.length(),
                    0,
                    Map.of()));
        producer.send(new ProducerRecord<>(Topics.CHUNKS, documentId, EventJson.write(event)));
      }
      producer.flush();
      tail.collect(
          r -> r.key() != null && r.key().startsWith(collection),
          chunks.size(),
          Duration.ofMinutes(30),
          Duration.ZERO);
      return chunks.size() / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static void awaitAssignment(MessageListenerContainer container)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (container.getAssignedPartitions() == null
        || container.getAssignedPartitions().size() < 3) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("processor got no partitions within a minute");
      }
      Thread.sleep(100);
    }
  }

  /**
   * Title and abstract of the first {@code docs} SciFact documents, cut after {@code tokens}
   * tokens.
   */
  private static List<String> chunks(TextEmbedder embedder, int docs, int tokens) throws Exception {
    JsonMapper json = JsonMapper.builder().build();
    List<String> chunks = new ArrayList<>(docs);
    try (var reader =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(CORPUS)), StandardCharsets.UTF_8))) {
      String line;
      while (chunks.size() < docs && (line = reader.readLine()) != null) {
        JsonNode doc = json.readTree(line);
        String text = (doc.path("title").asString() + "\n\n" + doc.path("text").asString()).strip();
        List<TokenSpan> spans = embedder.tokenSpans(text);
        chunks.add(spans.size() <= tokens ? text : text.substring(0, spans.get(tokens - 1).end()));
      }
    }
    return chunks;
  }

  private static String loadAverage() throws Exception {
    String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return fields[0] + " " + fields[1] + " " + fields[2];
  }

  private static int arg(String[] args, int index, int fallback) {
    return args.length > index ? Integer.parseInt(args[index]) : fallback;
  }
}
