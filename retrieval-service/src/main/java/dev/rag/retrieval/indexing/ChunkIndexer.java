package dev.rag.retrieval.indexing;

import dev.rag.contracts.events.EmbeddedChunkEvent;
import dev.rag.contracts.events.IndexEvent;
import dev.rag.contracts.events.SchemaVersions;
import dev.rag.retrieval.index.CollectionState;
import dev.rag.retrieval.index.DenseStore;
import dev.rag.retrieval.index.DocumentState;
import dev.rag.retrieval.index.IndexBatch;
import dev.rag.retrieval.index.IndexOp;
import dev.rag.retrieval.index.IndexedChunk;
import dev.rag.retrieval.index.lucene.LuceneChunkIndex;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Applies batches of {@code rag.embedded-chunks} events to both stores, idempotently.
 *
 * <p>Decisions are taken against the committed Lucene index (the source of truth) plus what the
 * batch itself did so far, and turned into an ordered list of {@link IndexOp}s:
 *
 * <ol>
 *   <li>an upsert of version v for a document whose chunks are older first removes every older
 *       chunk ({@link IndexOp.DeleteOlderVersions}); an upsert older than the indexed version, or
 *       at or below a deleted version, is stale and skipped;
 *   <li>a delete of version v removes chunks up to v and leaves a tombstone, so replaying the topic
 *       from offset 0 cannot bring a deleted version back;
 *   <li>a vector from another model or dimension than its collection's is rejected ({@code
 *       FAILED}): one collection never mixes vector spaces.
 * </ol>
 *
 * The same list then goes to the dense store (when it is separate, pgvector: first, in one
 * transaction with the offsets) and to the Lucene index (one commit with the offsets). Because
 * pgvector commits first it is never behind Lucene after a crash; on restart consumption resumes at
 * the lower of the two offsets and replayed records are recognised and skipped.
 *
 * <p>Not thread-safe: one listener thread owns it.
 */
public final class ChunkIndexer {

  private final LuceneChunkIndex lexical;
  private final DenseStore dense;
  private final Clock clock;

  public ChunkIndexer(LuceneChunkIndex lexical, DenseStore dense, Clock clock) {
    if (lexical == null || dense == null || clock == null) {
      throw new IllegalArgumentException("lexical index, dense store and clock must be present");
    }
    this.lexical = lexical;
    this.dense = dense;
    this.clock = clock;
  }

  /** What one batch did. {@code events} are the index events to publish, one per document step. */
  public record Result(List<IndexEvent> events, int newChunks, int staleChunks, int failedChunks) {}

  /**
   * Applies {@code events} (in consumption order) and commits them with {@code offsets}, the next
   * offset of each partition the batch covers (poison records included, once dead-lettered).
   */
  public Result apply(List<EmbeddedChunkEvent> events, Map<TopicPartition, Long> offsets) {
    Plan plan = new Plan(lexical.collections());
    for (EmbeddedChunkEvent event : events) {
      switch (event) {
        case EmbeddedChunkEvent.Upsert upsert -> plan.upsert(upsert);
        case EmbeddedChunkEvent.Delete delete -> plan.delete(delete);
      }
    }
    Map<String, CollectionState> collections = plan.collectionsAfter();
    IndexBatch batch = new IndexBatch(plan.ops, offsets, collections);
    if (!dense.sharesLexicalIndex()) {
      dense.apply(batch);
    }
    lexical.apply(batch);
    return new Result(
        plan.indexEvents(collections), plan.newChunks, plan.staleChunks, plan.failedChunks);
  }

  /**
   * Where to resume each partition: the Lucene commit's offset, or the lower of it and the dense
   * store's when that store is separate. A partition missing from either restarts from the
   * beginning (that store has never seen it, or lost it).
   */
  public Map<TopicPartition, Long> resumeOffsets() {
    Map<TopicPartition, Long> fromLucene = lexical.committedOffsets();
    if (dense.sharesLexicalIndex()) {
      return fromLucene;
    }
    Map<TopicPartition, Long> fromDense = dense.committedOffsets();
    Map<TopicPartition, Long> resume = new HashMap<>();
    fromLucene.forEach(
        (partition, offset) -> {
          Long other = fromDense.get(partition);
          if (other != null) {
            resume.put(partition, Math.min(offset, other));
          }
        });
    return resume;
  }

  /** The decisions of one batch, layered over the committed index. */
  private final class Plan {
    private final Map<String, CollectionState> committedCollections;
    private final Map<String, CollectionState> collections;
    private final Set<String> changed = new HashSet<>();
    private final Map<String, DocumentState> documents = new HashMap<>();
    private final Map<String, String> written = new HashMap<>();
    private final Map<StepKey, Step> steps = new LinkedHashMap<>();
    private final List<IndexOp> ops = new ArrayList<>();
    private int newChunks;
    private int staleChunks;
    private int failedChunks;

    Plan(Map<String, CollectionState> committed) {
      this.committedCollections = committed;
      this.collections = new HashMap<>(committed);
    }

    void upsert(EmbeddedChunkEvent.Upsert event) {
      String collection = event.collection();
      String failure = vectorSpaceProblem(collection, event.modelId(), event.vector().length);
      if (failure != null) {
        failedChunks++;
        step(event.jobId(), collection, event.documentId(), event.version(), IndexEvent.Kind.FAILED)
            .fail(failure);
        return;
      }
      String document = documentKey(collection, event.documentId());
      DocumentState state = documentState(collection, event.documentId());
      if (state.isStale(event.version())) {
        staleChunks++;
        return;
      }
      if (event.version() > state.chunkVersion()) {
        if (state.chunkVersion() > 0) {
          ops.add(new IndexOp.DeleteOlderVersions(collection, event.documentId(), event.version()));
          changed.add(collection);
        }
        documents.put(document, new DocumentState(event.version(), state.deletedUpTo()));
      }
      IndexedChunk chunk = IndexedChunk.of(event);
      String key = collection + '\u0000' + chunk.id();
      String job = Objects.toString(event.jobId(), "");
      // Ids carry the version, and only older versions were removed above, so a chunk the
      // committed index holds is still there. Which job put it there matters too: a redelivery
      // (same job) reports nothing, but another job re-sending the same content (a registry
      // rebuilt from the log, say) must see its chunks acknowledged or it would never finish.
      String indexedBy =
          written.containsKey(key)
              ? written.get(key)
              : lexical
                  .get(collection, chunk.id())
                  .map(stored -> Objects.toString(stored.jobId(), ""))
                  .orElse(null);
      boolean sameJob = job.equals(indexedBy);
      ops.add(new IndexOp.Upsert(chunk, sameJob));
      if (!sameJob) {
        written.put(key, job);
        if (indexedBy == null) {
          newChunks++;
          changed.add(collection);
        }
        step(
                event.jobId(),
                collection,
                event.documentId(),
                event.version(),
                IndexEvent.Kind.INDEXED)
            .count(event.chunkCount());
      }
    }

    void delete(EmbeddedChunkEvent.Delete event) {
      String collection = event.collection();
      DocumentState state = documentState(collection, event.documentId());
      boolean removesChunks = state.chunkVersion() > 0 && state.chunkVersion() <= event.version();
      if (!removesChunks && event.version() <= state.deletedUpTo()) {
        return; // a redelivered delete: nothing left to do
      }
      long tombstone = Math.max(state.deletedUpTo(), event.version());
      ops.add(
          new IndexOp.DeleteDocument(collection, event.documentId(), event.version(), tombstone));
      documents.put(
          documentKey(collection, event.documentId()),
          new DocumentState(removesChunks ? 0 : state.chunkVersion(), tombstone));
      changed.add(collection);
      collections.putIfAbsent(collection, CollectionState.withoutVectors(0));
      step(event.jobId(), collection, event.documentId(), event.version(), IndexEvent.Kind.DELETED);
    }

    /** Null when the vector fits the collection (and claims an empty collection's space). */
    private String vectorSpaceProblem(String collection, String modelId, int dimension) {
      if (!dense.acceptsDimension(dimension)) {
        return "the dense store does not hold vectors of dimension " + dimension;
      }
      CollectionState state = collections.get(collection);
      if (state == null || !state.hasVectorSpace()) {
        long epoch = state == null ? 0 : state.epoch();
        collections.put(
            collection, CollectionState.withoutVectors(epoch).claim(modelId, dimension));
        return null;
      }
      return state.sameSpace(modelId, dimension)
          ? null
          : "collection "
              + collection
              + " holds vectors of "
              + state.modelId()
              + " ("
              + state.dimension()
              + " dimensions), this chunk has "
              + modelId
              + " ("
              + dimension
              + ")";
    }

    private DocumentState documentState(String collection, String documentId) {
      return documents.computeIfAbsent(
          documentKey(collection, documentId),
          key -> lexical.documentState(collection, documentId));
    }

    private Step step(
        String jobId, String collection, String documentId, long version, IndexEvent.Kind kind) {
      return steps.computeIfAbsent(
          new StepKey(jobId, collection, documentId, version, kind), k -> new Step());
    }

    /**
     * Collection states to commit: new vector spaces, and a higher epoch where anything changed.
     */
    Map<String, CollectionState> collectionsAfter() {
      Map<String, CollectionState> after = new HashMap<>();
      collections.forEach(
          (name, state) -> {
            CollectionState next = changed.contains(name) ? state.nextEpoch() : state;
            if (!next.equals(committedCollections.get(name))) {
              after.put(name, next);
            }
          });
      return after;
    }

    List<IndexEvent> indexEvents(Map<String, CollectionState> after) {
      List<IndexEvent> events = new ArrayList<>(steps.size());
      steps.forEach(
          (key, step) -> {
            CollectionState state =
                after.getOrDefault(key.collection(), collections.get(key.collection()));
            long epoch = state == null ? 0 : state.epoch();
            // Read after the commit: how far this version stands as a whole, so the consumer
            // can set its progress (idempotently) rather than add to it.
            Integer indexedTotal =
                key.kind() == IndexEvent.Kind.INDEXED
                    ? (int) lexical.countVersion(key.collection(), key.documentId(), key.version())
                    : null;
            events.add(
                new IndexEvent(
                    SchemaVersions.CURRENT,
                    key.jobId(),
                    key.documentId(),
                    key.collection(),
                    key.version(),
                    key.kind(),
                    step.chunks,
                    epoch,
                    step.reason,
                    clock.instant(),
                    indexedTotal,
                    step.chunkCount));
          });
      return events;
    }
  }

  private static String documentKey(String collection, String documentId) {
    return collection + '\u0000' + documentId;
  }

  private record StepKey(
      String jobId, String collection, String documentId, long version, IndexEvent.Kind kind) {}

  private static final class Step {
    private int chunks;
    private String reason;
    private Integer chunkCount;

    Step count(int ofChunks) {
      chunks++;
      chunkCount = ofChunks;
      return this;
    }

    void fail(String why) {
      chunks++;
      reason = why;
    }
  }
}
