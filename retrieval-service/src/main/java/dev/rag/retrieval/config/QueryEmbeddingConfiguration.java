package dev.rag.retrieval.config;

import dev.rag.retrieval.search.QueryEmbedder;
import dev.rag.retrieval.search.QueryModel;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The in-process query model and its cache ({@code rag.retrieval.query-*}). */
@Configuration(proxyBeanMethods = false)
public class QueryEmbeddingConfiguration {

  @Bean(destroyMethod = "close")
  QueryModel queryModel(RetrievalProperties properties) {
    return QueryModel.load(
        properties.queryModelDir(), properties.queryModelId(), properties.queryThreads());
  }

  @Bean
  QueryEmbedder queryEmbedder(
      QueryModel queryModel, RetrievalProperties properties, MeterRegistry registry) {
    return new QueryEmbedder(queryModel, properties.queryCacheSize(), registry);
  }
}
