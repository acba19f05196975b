package dev.rag.retrieval;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Both indexes (pgvector, Lucene BM25) and hybrid search with Reciprocal Rank Fusion. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RetrievalServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(RetrievalServiceApplication.class, args);
  }
}
