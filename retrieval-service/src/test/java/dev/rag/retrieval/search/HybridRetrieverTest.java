package dev.rag.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.zaxxer.hikari.HikariDataSource;
import dev.rag.contracts.events.Chunk;
import dev.rag.contracts.events.EmbeddedChunkEvent;
import dev.rag.contracts.events.SchemaVersions;
import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import dev.rag.contracts.retrieval.RetrievalMode;
import dev.rag.contracts.retrieval.RetrieveResponse;
import dev.rag.contracts.retrieval.RetrievedChunk;
import dev.rag.encoders.BundledModels;
import dev.rag.encoders.inference.TextEmbedder;
import dev.rag.encoders.model.EncoderOptions;
import dev.rag.retrieval.config.RetrievalProperties;
import dev.rag.retrieval.index.DenseStore;
import dev.rag.retrieval.index.lucene.LuceneChunkIndex;
import dev.rag.retrieval.index.lucene.LuceneDenseStore;
import dev.rag.retrieval.index.pgvector.PgVectorStore;
import dev.rag.retrieval.indexing.ChunkIndexer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read path on a real on-disk Lucene index (BM25 + HNSW) with passages and queries embedded by
 * the real bge-small model (queries in process, as the service embeds them): what each mode
 * returns, why (ranks and fused scores), filters inside the retrievers, the query embedded once
 * when the gateway asked for it first, and degradation when the query model or pgvector is down.
 */
class HybridRetrieverTest {

  private static final String WATER = "water";
  private static final String OTHER = "other";
  private static final List<String> PASSAGES =
      List.of(
          "A boil water notice is issued when bacteria such as E. coli are detected in the distribution system. "
              + "Customers must boil tap water for one minute before drinking it.",
          "Lead service lines are being replaced street by street; homes built before 1950 are most likely affected. "
              + "Residents can request a free lead test kit.",
          "Water rates rise by 4 percent in January to fund reservoir maintenance and pipe renewal.",
          "Fluoride is added at 0.7 milligrams per litre, the level recommended for preventing tooth decay.",
          "During a drought emergency lawn irrigation is restricted to two evenings per week.",
          "The treatment plant uses chlorine disinfection followed by ultraviolet light to inactivate pathogens.");
  private static final double PASSAGE_SCORE_TOLERANCE = 1e-9;

  private static TextEmbedder passages;
  private static QueryModel queryModel;
  private static SearchPool searches;
  private static LuceneChunkIndex index;
  private static Path dir;

  @BeforeAll
  static void indexPassages() {
    passages = BundledModels.bgeSmallEmbedder(EncoderOptions.defaults());
    queryModel = QueryModel.load(null, null, 1);
    searches = new SearchPool(4);
    dir = Path.of("target", "test-indexes", "hybrid-" + UUID.randomUUID());
    index = new LuceneChunkIndex(dir, true);
    ChunkIndexer indexer = new ChunkIndexer(index, new LuceneDenseStore(index), Clock.systemUTC());
    List<EmbeddedChunkEvent> events = new ArrayList<>();
    for (int i = 0; i < PASSAGES.size(); i++) {
      events.add(
          upsert(
              WATER,
              "notice-" + i,
              PASSAGES.get(i),
              Map.of("audience", i % 2 == 0 ? "public" : "staff")));
    }
    // Many near-duplicates of passage 0 that a filter must not let crowd out the one staff chunk.
    for (int i = 0; i < 30; i++) {
      events.add(
          upsert(
              OTHER,
              "dup-" + i,
              PASSAGES.get(0) + " Copy " + i + ".",
              Map.of("audience", "public")));
    }
    events.add(
        upsert(
            OTHER,
            "staff-only",
            "Staff rota for the water treatment plant night shift.",
            Map.of("audience", "staff")));
    indexer.apply(events, Map.of(new TopicPartition("hybrid-test", 0), (long) events.size()));
  }

  private static EmbeddedChunkEvent.Upsert upsert(
      String collection, String documentId, String text, Map<String, String> metadata) {
    Chunk chunk =
        new Chunk(
            text,
            "Title " + documentId,
            "https://utility/" + documentId,
            List.of("Notices"),
            1,
            0,
            text.length(),
            40,
            metadata);
    return new EmbeddedChunkEvent.Upsert(
        SchemaVersions.CURRENT,
        "job",
        documentId,
        collection,
        1,
        0,
        1,
        chunk,
        passages.modelId(),
        passages.embed(text));
  }

  @AfterAll
  static void close() {
    index.close();
    passages.close();
    queryModel.close();
    searches.close();
  }

  private static RetrievalProperties properties() {
    return new RetrievalProperties(
        dir,
        RetrievalProperties.DenseStore.LUCENE,
        100,
        60,
        100,
        Duration.ofSeconds(10),
        4,
        null,
        null,
        1,
        1024,
        2000,
        "t",
        "e",
        "g");
  }

  private static HybridRetriever retriever(
      QueryEmbedder embedder, DenseStore dense, SimpleMeterRegistry registry) {
    return new HybridRetriever(index, dense, embedder, properties(), searches, registry);
  }

  private static HybridRetriever retriever(
      QueryModel model, DenseStore dense, SimpleMeterRegistry registry) {
    return retriever(new QueryEmbedder(model, 1024, registry), dense, registry);
  }

  private static HybridRetriever retriever() {
    return retriever(queryModel, new LuceneDenseStore(index), new SimpleMeterRegistry());
  }

  private static RetrievalQuery query(String text, String collection, int k, RetrievalMode mode) {
    return new RetrievalQuery(text, Set.of(collection), Map.of(), k, mode, 100, 100);
  }

  @Test
  void eachModeFindsTheAnsweringPassageFirst() {
    for (RetrievalMode mode : RetrievalMode.values()) {
      RetrieveResponse response =
          retriever().retrieve(query("When do I have to boil my tap water?", WATER, 3, mode));

      assertThat(response.degraded()).as(mode.wireName()).isFalse();
      assertThat(response.hits()).as(mode.wireName()).isNotEmpty();
      assertThat(response.hits().getFirst().documentId()).as(mode.wireName()).isEqualTo("notice-0");
    }
  }

  @Test
  void theQueryModelRunsInTheCallersObservation() {
    // The dense leg runs on the search pool; its model run must still be a child of the request's
    // observation, or the question's trace would lose where retrieval spent its time.
    List<Observation.Context> started = new CopyOnWriteArrayList<>();
    ObservationRegistry observations = ObservationRegistry.create();
    observations
        .observationConfig()
        .observationHandler(
            new ObservationHandler<>() {
              @Override
              public void onStart(Observation.Context context) {
                started.add(context);
              }

              @Override
              public boolean supportsContext(Observation.Context context) {
                return true;
              }
            });
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    HybridRetriever retriever =
        retriever(
            new QueryEmbedder(queryModel, 1024, registry, observations),
            new LuceneDenseStore(index),
            registry);

    Observation.createNotStarted("retrieve-request", observations)
        .observe(
            () ->
                retriever.retrieve(
                    query(
                        "which pipes contain lead " + UUID.randomUUID(),
                        WATER,
                        3,
                        RetrievalMode.DENSE)));

    assertThat(started)
        .filteredOn(context -> context.getName().equals("rag.retrieval.query.embed"))
        .singleElement()
        .satisfies(
            run ->
                assertThat(run.getParentObservation().getContextView().getName())
                    .isEqualTo("retrieve-request"));
  }

  @Test
  void denseFindsAParaphraseThatSharesNoWordWithTheQuery() {
    String paraphrase = "which germ-killing steps does the plant apply";
    RetrieveResponse dense = retriever().retrieve(query(paraphrase, WATER, 1, RetrievalMode.DENSE));

    assertThat(dense.hits().getFirst().documentId()).isEqualTo("notice-5");
    assertThat(dense.embeddingModel()).isEqualTo(passages.modelId());
  }

  @Test
  void hybridHitsShowTheirFusedScoreAndEachRetrieversRank() {
    RetrieveResponse response =
        retriever().retrieve(query("lead test kit for old homes", WATER, 6, RetrievalMode.HYBRID));

    RetrievedChunk first = response.hits().getFirst();
    assertThat(first.documentId()).isEqualTo("notice-1");
    assertThat(first.bm25Rank()).isEqualTo(1);
    assertThat(first.denseRank()).isEqualTo(1);
    assertThat(first.score()).isCloseTo(2.0 / 61, within(PASSAGE_SCORE_TOLERANCE));
    for (RetrievedChunk hit : response.hits()) {
      double expected =
          (hit.denseRank() == null ? 0 : 1.0 / (60 + hit.denseRank()))
              + (hit.bm25Rank() == null ? 0 : 1.0 / (60 + hit.bm25Rank()));
      assertThat(hit.score()).isCloseTo(expected, within(PASSAGE_SCORE_TOLERANCE));
    }
    assertThat(response.hits()).extracting(RetrievedChunk::rank).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(first.text()).contains("free lead test kit");
    assertThat(first.title()).isEqualTo("Title notice-1");
    assertThat(first.sectionPath()).containsExactly("Notices");
    assertThat(first.page()).isEqualTo(1);
    assertThat(first.metadata()).containsEntry("audience", "staff");
  }

  @Test
  void filtersApplyInsideBothRetrieversBeforeTheCut() {
    // Thirty public near-duplicates outrank the staff chunk for this query; a post-filter on
    // the top 5 of each retriever would return nothing.
    for (RetrievalMode mode : RetrievalMode.values()) {
      RetrieveResponse response =
          retriever()
              .retrieve(
                  new RetrievalQuery(
                      "boil tap water bacteria",
                      Set.of(OTHER),
                      Map.of("audience", "staff"),
                      5,
                      mode,
                      5,
                      5));

      assertThat(response.hits())
          .as(mode.wireName())
          .extracting(RetrievedChunk::documentId)
          .containsOnly("staff-only");
    }
  }

  @Test
  void aQuestionTheGatewayEmbeddedFirstIsNotEmbeddedAgainByItsRetrieval() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    QueryEmbedder embedder = new QueryEmbedder(queryModel, 1024, registry);
    HybridRetriever retriever = retriever(embedder, new LuceneDenseStore(index), registry);
    String question = "Is fluoride added to the drinking water?";

    QueryVector forTheCache = embedder.embed(question); // what /v1/query-embeddings does
    RetrieveResponse response = retriever.retrieve(query(question, WATER, 3, RetrievalMode.HYBRID));

    assertThat(forTheCache.cached()).isFalse();
    assertThat(response.hits().getFirst().documentId()).isEqualTo("notice-3");
    assertThat(
            registry.get("rag.retrieval.query.embeddings").tag("cache", "miss").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("rag.retrieval.query.embeddings").tag("cache", "hit").counter().count())
        .isEqualTo(1);
  }

  @Test
  void aQueryModelThatCannotLoadDegradesHybridToBm25() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    QueryModel broken = QueryModel.load(Path.of("target", "no-such-model"), null, 1);
    HybridRetriever retriever = retriever(broken, new LuceneDenseStore(index), registry);

    RetrieveResponse response =
        retriever.retrieve(query("boil water notice", WATER, 3, RetrievalMode.HYBRID));

    assertThat(response.degraded()).isTrue();
    assertThat(response.degradedReasons())
        .singleElement()
        .asString()
        .contains("query embedding unavailable")
        .contains("could not load");
    assertThat(response.hits().getFirst().documentId()).isEqualTo("notice-0");
    assertThat(response.hits().getFirst().denseRank()).isNull();
    assertThat(registry.get("rag.retrieval.degraded").tag("retriever", "dense").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("rag.retrieval.degraded").tag("retriever", "bm25").counter().count())
        .isZero();
    assertThat(registry.get("rag.retrieval.stage").tag("stage", "bm25").timer().count())
        .isEqualTo(1);
    assertThat(registry.find("rag.retrieval.stage").tag("stage", "dense").timer()).isNull();

    assertThatThrownBy(
            () -> retriever.retrieve(query("boil water notice", WATER, 3, RetrievalMode.DENSE)))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.type()).isEqualTo(ProblemType.UPSTREAM_UNAVAILABLE));
  }

  @Test
  void aFullSearchQueueIsA503WithRetryAfterNotAFailure() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    try (SearchPool full = new SearchPool(1)) {
      full.submit(() -> release.await(30, java.util.concurrent.TimeUnit.SECONDS));
      for (int i = 0; i < 16; i++) {
        full.submit(() -> "queued", reason -> reason);
      }
      var registry = new SimpleMeterRegistry();
      HybridRetriever retriever =
          new HybridRetriever(
              index,
              new LuceneDenseStore(index),
              new QueryEmbedder(queryModel, 1024, registry),
              properties(),
              full,
              registry);

      assertThatThrownBy(
              () -> retriever.retrieve(query("boil water notice", WATER, 3, RetrievalMode.HYBRID)))
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> {
                assertThat(e.type()).isEqualTo(ProblemType.UPSTREAM_UNAVAILABLE);
                assertThat(e.retryAfter()).isEqualTo(SearchPool.RETRY_AFTER);
                assertThat(e.getMessage()).contains(SearchPool.QUEUE_FULL);
              });
    } finally {
      release.countDown();
    }
  }

  @Test
  void pgvectorDownDegradesHybridToBm25() {
    try (HikariDataSource unreachable = new HikariDataSource()) {
      unreachable.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/rag");
      unreachable.setUsername("postgres");
      unreachable.setConnectionTimeout(500);
      unreachable.setInitializationFailTimeout(-1);
      HybridRetriever retriever =
          retriever(queryModel, new PgVectorStore(unreachable, "g"), new SimpleMeterRegistry());

      RetrieveResponse response =
          retriever.retrieve(query("boil water notice", WATER, 3, RetrievalMode.HYBRID));

      assertThat(response.degraded()).isTrue();
      assertThat(response.degradedReasons())
          .singleElement()
          .asString()
          .startsWith("dense search failed");
      assertThat(response.hits().getFirst().documentId()).isEqualTo("notice-0");
    }
  }

  @Test
  void unknownCollectionIsNotFound() {
    assertThatThrownBy(
            () ->
                retriever()
                    .retrieve(query("anything", "no-such-collection", 3, RetrievalMode.HYBRID)))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.NOT_FOUND))
        .hasMessageContaining("no-such-collection");
  }
}
