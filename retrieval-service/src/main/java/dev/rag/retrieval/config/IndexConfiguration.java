package dev.rag.retrieval.config;

import dev.rag.retrieval.index.DenseStore;
import dev.rag.retrieval.index.lucene.LuceneChunkIndex;
import dev.rag.retrieval.index.lucene.LuceneDenseStore;
import dev.rag.retrieval.indexing.ChunkIndexer;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The indexes: the Lucene chunk index always, and the dense store chosen by {@code
 * rag.retrieval.dense-store} (Lucene HNSW here; pgvector in {@code PgVectorConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
public class IndexConfiguration {

  @Bean(destroyMethod = "close")
  LuceneChunkIndex luceneChunkIndex(RetrievalProperties properties) {
    return new LuceneChunkIndex(
        properties.chunkIndexDir(),
        properties.denseStore() == RetrievalProperties.DenseStore.LUCENE);
  }

  @Bean
  @ConditionalOnProperty(
      name = "rag.retrieval.dense-store",
      havingValue = "lucene",
      matchIfMissing = true)
  DenseStore luceneDenseStore(LuceneChunkIndex luceneChunkIndex) {
    return new LuceneDenseStore(luceneChunkIndex);
  }

  @Bean
  ChunkIndexer chunkIndexer(LuceneChunkIndex luceneChunkIndex, DenseStore denseStore) {
    return new ChunkIndexer(luceneChunkIndex, denseStore, Clock.systemUTC());
  }
}
