package dev.rag.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.rag.contracts.events.IndexEvent;
import dev.rag.contracts.events.SchemaVersions;
import dev.rag.ingest.jobs.ItemStatus;
import dev.rag.ingest.jobs.JobItem;
import dev.rag.ingest.jobs.JobStore;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded profile's database: the same Flyway migrations and the same SQL of the registry and
 * job store on H2 in PostgreSQL mode (the settings of application-embedded.yml).
 */
class EmbeddedDatabaseTest {

  static HikariDataSource dataSource;
  static DocumentRegistry registry;
  static JobStore jobs;

  @BeforeAll
  static void migrate() {
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(
        "jdbc:h2:mem:registry-test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
            + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;INIT=CREATE SCHEMA IF NOT EXISTS \"ingest\"");
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
    registry = new DocumentRegistry(jdbc, tx);
    jobs = new JobStore(jdbc, tx);
    jdbc.sql("INSERT INTO collections (name) VALUES ('h2')").update();
  }

  @AfterAll
  static void close() {
    dataSource.close();
  }

  @Test
  void decidesVersionsUnderARowLock() {
    var first = incoming("h1", null, "job-1");
    assertThat(registry.claim(first))
        .isEqualTo(new VersionClaim(VersionClaim.Outcome.NEW, 1, null));
    assertThat(registry.claim(first).outcome()).isEqualTo(VersionClaim.Outcome.RESUME);
    assertThat(registry.claim(incoming("h1", null, "job-2")).outcome())
        .isEqualTo(VersionClaim.Outcome.UNCHANGED);
    assertThat(registry.claim(incoming("h2", null, "job-3")))
        .isEqualTo(new VersionClaim(VersionClaim.Outcome.NEW, 2, null));
    assertThat(registry.claim(incoming("h3", 2L, "job-4")).outcome())
        .isEqualTo(VersionClaim.Outcome.STALE);
    assertThat(registry.delete("h2", "doc", "job-5")).contains(2L);
    assertThat(registry.find("h2", "doc").orElseThrow().deleted()).isTrue();
  }

  @Test
  void anIndexAcknowledgementThatOvertakesThePublisherFindsTheChunkCount() {
    // The index can acknowledge a version's chunks before the thread that sent them returns (or
    // after it was killed): the count must already be there, not written after the send.
    var first =
        new DocumentRegistry.Incoming(
            "h2", "overtaken", "a".repeat(64), null, "job-o1", "t", null, "text/plain", 3);
    assertThat(registry.claim(first).version()).isEqualTo(1);
    registry.indexed("h2", "overtaken", 1);
    DocumentRecord indexed = registry.find("h2", "overtaken").orElseThrow();
    assertThat(indexed.status()).isEqualTo("INDEXED");
    assertThat(indexed.chunkCount()).isEqualTo(3);

    // The same job resuming after a restart keeps the indexed version as it is.
    assertThat(registry.claim(first).outcome()).isEqualTo(VersionClaim.Outcome.RESUME);
    assertThat(registry.find("h2", "overtaken").orElseThrow())
        .extracting(DocumentRecord::status, DocumentRecord::chunkCount)
        .containsExactly("INDEXED", 3);

    // A new version carries its own count from the moment it is claimed.
    var second =
        new DocumentRegistry.Incoming(
            "h2", "overtaken", "b".repeat(64), null, "job-o2", "t", null, "text/plain", 5);
    assertThat(registry.claim(second).version()).isEqualTo(2);
    assertThat(registry.find("h2", "overtaken").orElseThrow())
        .extracting(DocumentRecord::status, DocumentRecord::chunkCount)
        .containsExactly("INGESTING", 5);
  }

  @Test
  void countsProgressWithItsPortableSql() {
    jobs.create(
        "job-h2",
        "h2",
        JobStore.UPLOAD,
        List.of(JobItem.pending(0, "d", JobItem.UPSERT, "d.md", "text/markdown", "/tmp/x", null)));
    jobs.createIfAbsent(
        "job-h2",
        "h2",
        JobStore.UPLOAD,
        JobItem.pending(0, "d", JobItem.UPSERT, "d.md", "text/markdown", "/tmp/x", null));
    jobs.publishing("job-h2", 0, 1, 2);
    jobs.published("job-h2", 0);
    // A total of 1, delivered twice, counts once; the total of 2 finishes the item.
    assertThat(jobs.indexed(List.of(indexed(1), indexed(1)))).isEmpty();
    assertThat(jobs.view("job-h2").orElseThrow().chunks().indexed()).isEqualTo(1);
    assertThat(jobs.indexed(List.of(indexed(2))))
        .extracting(JobStore.Finished::status)
        .containsExactly(ItemStatus.INDEXED);
    var view = jobs.view("job-h2").orElseThrow();
    assertThat(view.state().name()).isEqualTo("COMPLETED");
    assertThat(view.chunks().indexed()).isEqualTo(2);
    assertThat(view.chunks().embedded()).isEqualTo(2);
  }

  @Test
  void pagesSearchesAndDeletesACollectionWithItsPortableSql() {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    TransactionTemplate tx = new TransactionTemplate(new JdbcTransactionManager(dataSource));
    var collections = new dev.rag.ingest.collections.CollectionRegistry(jdbc);
    collections.ensure("pages");
    for (String name : List.of("a_1.md", "b%2.md", "c.md")) {
      registry.claim(
          new DocumentRegistry.Incoming(
              "pages",
              "pages:" + name,
              "h".repeat(64),
              null,
              "job-p",
              name,
              null,
              "text/plain",
              1));
    }
    DocumentPage first = registry.page("pages", new DocumentQuery(0, null, 2, null, null));
    assertThat(first.items())
        .extracting(DocumentRecord::id)
        .containsExactly("pages:a_1.md", "pages:b%2.md");
    assertThat(first.total()).isEqualTo(3);
    assertThat(registry.page("pages", new DocumentQuery(0, first.lastId(), 2, null, null)).items())
        .extracting(DocumentRecord::id)
        .containsExactly("pages:c.md");
    // LIKE wildcards in the text are matched literally.
    assertThat(registry.page("pages", new DocumentQuery(0, null, 10, "B%", null)).items())
        .extracting(DocumentRecord::id)
        .containsExactly("pages:b%2.md");
    assertThat(registry.page("pages", new DocumentQuery(0, null, 10, "_", "INGESTING")).total())
        .isEqualTo(1);

    List<DocumentRecord> deleted =
        tx.execute(
            status -> {
              assertThat(collections.markDeleted("pages")).isTrue();
              assertThat(collections.markDeleted("pages")).isFalse();
              return registry.deleteAll("pages", "job-d");
            });
    assertThat(deleted).hasSize(3);
    assertThat(collections.exists("pages")).isFalse();
    assertThat(registry.page("pages", new DocumentQuery(0, null, 10, null, null)).total()).isZero();
    assertThat(collections.ensure("pages")).isTrue();
    assertThat(jobs.jobsOf("pages", 0, 10).total()).isZero();
  }

  private static IndexEvent indexed(int total) {
    return new IndexEvent(
        SchemaVersions.CURRENT,
        "job-h2",
        "d",
        "h2",
        1,
        IndexEvent.Kind.INDEXED,
        1,
        1,
        null,
        Instant.now(),
        total,
        2);
  }

  private static DocumentRegistry.Incoming incoming(String hash, Long version, String job) {
    return new DocumentRegistry.Incoming(
        "h2", "doc", hash.repeat(32), version, job, "t", null, "text/plain", 2);
  }
}
