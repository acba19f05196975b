package dev.rag.retrieval.search;

import dev.rag.retrieval.config.RetrievalProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The read path's resources: the in-process query model and its cache ({@code
 * rag.retrieval.query-*}), and the pool that runs searches ({@code rag.retrieval.search-threads}).
 */
@Configuration(proxyBeanMethods = false)
public class SearchConfiguration {

  @Bean(destroyMethod = "close")
  SearchPool searchPool(RetrievalProperties properties) {
    return new SearchPool(properties.effectiveSearchThreads());
  }

  @Bean(destroyMethod = "close")
  QueryModel queryModel(RetrievalProperties properties) {
    return QueryModel.load(
        properties.queryModelDir(), properties.queryModelId(), properties.queryThreads());
  }

  @Bean
  QueryEmbedder queryEmbedder(
      QueryModel queryModel,
      RetrievalProperties properties,
      MeterRegistry registry,
      ObservationRegistry observations) {
    return new QueryEmbedder(queryModel, properties.queryCacheSize(), registry, observations);
  }
}
