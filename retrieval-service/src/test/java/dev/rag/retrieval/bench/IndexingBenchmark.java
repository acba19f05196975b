package dev.rag.retrieval.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.rag.contracts.events.EmbeddedChunkEvent;
import dev.rag.retrieval.index.DenseQuery;
import dev.rag.retrieval.index.DenseStore;
import dev.rag.retrieval.index.TestChunks;
import dev.rag.retrieval.index.lucene.LuceneChunkIndex;
import dev.rag.retrieval.index.lucene.LuceneDenseStore;
import dev.rag.retrieval.index.pgvector.PgVectorConfiguration;
import dev.rag.retrieval.index.pgvector.PgVectorStore;
import dev.rag.retrieval.indexing.ChunkIndexer;
import dev.rag.testing.Infrastructure;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;

/**
 * Indexing throughput (ChunkIndexer batches of 500 with commits) and search latency for both dense
 * stores, on seeded random 384-d unit vectors. Args: chunks (default 5000), queries (200).
 */
public final class IndexingBenchmark {

  public static void main(String[] args) {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int queries = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (LuceneChunkIndex index =
        new LuceneChunkIndex(Path.of("target", "bench", "lucene-" + run), true)) {
      measure("lucene-hnsw", index, new LuceneDenseStore(index), total, queries, run);
    }
    Infrastructure.Postgres pg = Infrastructure.postgres();
    try (HikariDataSource ds = new HikariDataSource();
        LuceneChunkIndex index =
            new LuceneChunkIndex(Path.of("target", "bench", "bm25-" + run), false)) {
      ds.setJdbcUrl(pg.jdbcUrl());
      ds.setUsername(pg.user());
      ds.setPassword(pg.password());
      PgVectorConfiguration.migrate(ds);
      measure(
          "pgvector + lucene bm25",
          index,
          new PgVectorStore(ds, "bench-" + run),
          total,
          queries,
          run);
    }
  }

  private static void measure(
      String name, LuceneChunkIndex index, DenseStore dense, int total, int queries, String run) {
    TestChunks chunks = new TestChunks(1L);
    String collection = "bench-" + run;
    ChunkIndexer indexer = new ChunkIndexer(index, dense, Clock.systemUTC());
    List<EmbeddedChunkEvent> events = new ArrayList<>();
    for (int d = 0; d < total / 10; d++) {
      events.addAll(chunks.document("job", collection, "doc-" + d, 1, 10, Map.of()));
    }
    long start = System.nanoTime();
    for (int from = 0; from < events.size(); from += 500) {
      int to = Math.min(events.size(), from + 500);
      indexer.apply(
          events.subList(from, to), Map.of(new TopicPartition("bench-" + run, 0), (long) to));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long replayStart = System.nanoTime();
    for (int from = 0; from < events.size(); from += 500) {
      int to = Math.min(events.size(), from + 500);
      indexer.apply(
          events.subList(from, to), Map.of(new TopicPartition("bench-" + run, 0), (long) to));
    }
    double replaySeconds = (System.nanoTime() - replayStart) / 1e9;
    double[] denseMs = new double[queries];
    double[] bm25Ms = new double[queries];
    for (int warm = 0; warm < 20; warm++) {
      dense.search(new DenseQuery(chunks.vector(), Set.of(collection), Map.of(), 10, 100));
    }
    for (int q = 0; q < queries; q++) {
      DenseQuery query = new DenseQuery(chunks.vector(), Set.of(collection), Map.of(), 10, 100);
      String words = "travel hotels " + TestChunks.uniqueWord("doc-" + q % (total / 10), 1, q % 10);
      denseMs[q] = time(() -> dense.search(query));
      bm25Ms[q] = time(() -> index.bm25(words, Set.of(collection), Map.of(), 10));
    }
    System.out.printf(
        "%s: %d chunks indexed in %.1f s = %.0f chunks/s; replay of all %.1f s = %.0f records/s;"
            + " dense k=10 ef=100 p50 %.2f ms p95 %.2f ms; bm25 k=10 p50 %.2f ms p95 %.2f ms%n",
        name,
        events.size(),
        seconds,
        events.size() / seconds,
        replaySeconds,
        events.size() / replaySeconds,
        pct(denseMs, 50),
        pct(denseMs, 95),
        pct(bm25Ms, 50),
        pct(bm25Ms, 95));
  }

  private static double time(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e6;
  }

  private static double pct(double[] values, int percentile) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[
        Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
  }
}
