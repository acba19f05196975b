package dev.rag.ingest.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.rag.contracts.events.IndexEvent;
import dev.rag.contracts.events.SchemaVersions;
import dev.rag.ingest.jobs.JobItem;
import dev.rag.ingest.jobs.JobStore;
import dev.rag.ingest.registry.DocumentRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the embedded registry's commits cost per uploaded document: the statements one upload item
 * runs (job insert, version claim, publishing, published, the index acknowledgement) against an H2
 * file database with H2's default background writes and with {@code WRITE_DELAY=0} (every commit
 * written before it returns, application-embedded.yml). Not a test; bench/RESULTS.md has the
 * command.
 */
public final class RegistryCommitBenchmark {

  public static void main(String[] args) throws Exception {
    int documents = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    for (int round = 0; round < 2; round++) {
      for (String setting : List.of("", ";WRITE_DELAY=0")) {
        double perSecond = run(setting, documents);
        if (round == 1) {
          System.out.printf(
              "%-16s %,d documents: %,.0f documents/s (%.2f ms each)%n",
              setting.isEmpty() ? "H2 default" : "WRITE_DELAY=0",
              documents,
              perSecond,
              1000 / perSecond);
        }
      }
    }
  }

  private static double run(String setting, int documents) throws Exception {
    Path dir = Files.createTempDirectory("registry-bench");
    try (var dataSource = new HikariDataSource()) {
      dataSource.setJdbcUrl(
          "jdbc:h2:file:"
              + dir.resolve("registry")
              + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
              + setting
              + ";INIT=CREATE SCHEMA IF NOT EXISTS \"ingest\"");
      dataSource.setUsername("sa");
      dataSource.setSchema("ingest");
      Flyway.configure()
          .dataSource(dataSource)
          .schemas("ingest")
          .defaultSchema("ingest")
          .load()
          .migrate();
      JdbcClient jdbc = JdbcClient.create(dataSource);
      TransactionTemplate tx = new TransactionTemplate(new JdbcTransactionManager(dataSource));
      DocumentRegistry registry = new DocumentRegistry(jdbc, tx);
      JobStore jobs = new JobStore(jdbc, tx);
      jdbc.sql("INSERT INTO collections (name) VALUES ('bench')").update();
      long start = System.nanoTime();
      int perJob = 50;
      for (int job = 0; job < documents / perJob; job++) {
        String jobId = "job-" + job;
        List<JobItem> items = new ArrayList<>();
        for (int i = 0; i < perJob; i++) {
          items.add(
              JobItem.pending(
                  i,
                  "bench:d" + job + "-" + i,
                  JobItem.UPSERT,
                  "d.md",
                  "text/markdown",
                  "/x",
                  null));
        }
        jobs.create(jobId, "bench", JobStore.UPLOAD, items);
        for (JobItem item : items) {
          var claim =
              registry.claim(
                  new DocumentRegistry.Incoming(
                      "bench",
                      item.documentId(),
                      "h".repeat(64),
                      null,
                      jobId,
                      "t",
                      null,
                      "text/markdown",
                      4));
          jobs.publishing(jobId, item.item(), claim.version(), 4);
          jobs.published(jobId, item.item());
          tx.executeWithoutResult(
              s -> {
                jobs.indexed(
                    List.of(
                        new IndexEvent(
                            SchemaVersions.CURRENT,
                            jobId,
                            item.documentId(),
                            "bench",
                            claim.version(),
                            IndexEvent.Kind.INDEXED,
                            4,
                            1,
                            null,
                            Instant.now(),
                            4,
                            4)));
                registry.indexed("bench", item.documentId(), claim.version());
              });
        }
      }
      return documents / ((System.nanoTime() - start) / 1e9);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
